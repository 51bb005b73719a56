"""The test suite: SQLite unless DATABASE_URL points elsewhere (CI sets PostgreSQL)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import Q_CLUSTER, STORAGES

SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = Path(tempfile.gettempdir()) / "lms-test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files straight from the app and project folders, with no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = None
# Background tasks run in the test process, right after the commit that queued them.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
