import json
import os
import subprocess
import sys

from django.conf import settings

import pytest


def test_production_settings_pass_the_deploy_check():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "koulutus.example.fi",
        "DATABASE_URL": "sqlite:////tmp/lms-deploy-check.sqlite3",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_URL": "smtp+tls://user:secret@smtp.example.fi:587",
        "WAGTAILADMIN_BASE_URL": "https://koulutus.example.fi",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("variable", ["SECRET_KEY", "REDIS_URL", "EMAIL_URL", "WAGTAILADMIN_BASE_URL", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_a_required_variable(variable):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "x",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_URL": "smtp://localhost:25",
        "WAGTAILADMIN_BASE_URL": "https://x",
    }
    del env[variable]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert variable in result.stderr


PRINT_CLIENT_ADDRESS_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({name: getattr(settings, name, 'unset') for name in "
    "('ALLAUTH_TRUSTED_PROXY_COUNT', 'ALLAUTH_TRUSTED_CLIENT_IP_HEADER')}))"
)


def production_settings(**variables) -> dict:
    """The client-address settings as production reads them from these variables (and the required ones)."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", *variables)},
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "x",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_URL": "smtp://localhost:25",
        "WAGTAILADMIN_BASE_URL": "https://x",
        **variables,
    }
    result = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", PRINT_CLIENT_ADDRESS_SETTINGS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_reads_the_client_address_from_its_one_proxy_unless_told_otherwise():
    assert production_settings() == {"ALLAUTH_TRUSTED_PROXY_COUNT": 1, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": None}
    assert production_settings(ALLAUTH_TRUSTED_PROXY_COUNT="2", ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP") == {
        "ALLAUTH_TRUSTED_PROXY_COUNT": 2,
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
    }


def test_the_wsgi_application_serves_the_production_settings_unless_told_otherwise():
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")},
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "x",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "EMAIL_URL": "smtp://localhost:25",
        "WAGTAILADMIN_BASE_URL": "https://x",
    }

    result = subprocess.run(
        [sys.executable, "-c", "import lms.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE)"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "lms.settings.production"
