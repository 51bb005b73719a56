"""The test suite: SQLite unless DATABASE_URL points elsewhere (CI sets PostgreSQL)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import CERTIFICATE_BATCH_SECONDS, DATABASES, Q_CLUSTER, STORAGES, env

SECRET_KEY = "test-only-not-secret"  # noqa: S105
# Coordinators and staff made by the tests have no authenticator app; the two-factor tests and
# the permission matrix switch the requirement on (tests/accounts/test_two_factor.py).
COORDINATORS_MUST_USE_TWO_FACTOR = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=Path(tempfile.gettempdir()) / "lms-test-media")
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files straight from the app and project folders, with no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
if DATABASES["default"]["ENGINE"] == "lms.sqlite":
    # A file rather than SQLite's in-memory test database, so that the worker processes of the
    # cluster tests open the same database; one per run (Django deletes it at the end), and no
    # slower than memory.
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_DB_NAME", default=str(Path(tempfile.gettempdir()) / f"lms-test-{os.getpid()}.sqlite3"))
    }

# Background tasks run in the test process, right after the commit that queued them. The cluster
# tests (tests/certificates/test_cluster.py) start real workers on these settings and pass them
# their queue in Q_CLUSTER_OVERRIDES (JSON), the batch's slice and a folder for the emails.
Q_CLUSTER = {**Q_CLUSTER, "sync": True, **env.json("Q_CLUSTER_OVERRIDES", default={})}
CERTIFICATE_BATCH_SECONDS = env.int("CERTIFICATE_BATCH_SECONDS", default=CERTIFICATE_BATCH_SECONDS)
if EMAIL_FILE_PATH := env("EMAIL_FILE_PATH", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
