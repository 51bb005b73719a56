#!/usr/bin/env python3
"""Run docs/deploy.md as written: on a fresh clone, the blocks marked `deploy-check` (release steps,
processes, backup) with PostgreSQL and Redis on this machine, then check that the site is served
behind the proxy's HTTPS header, its static files come with hashed names, a task queued through
Redis is done by the worker, and the backup was written. Standard library only; needs git, psql,
createdb and dropdb. Exits non-zero on the first thing that does not hold."""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "lms_deploycheck"
PG = ["-h", "127.0.0.1", "-U", "postgres"]
SITE = "http://127.0.0.1:8000"
BACKUPS = Path("/srv/lms/backups")


def blocks() -> dict[str, str]:
    text = (ROOT / "docs" / "deploy.md").read_text()
    found = dict(re.findall(r"<!-- deploy-check: (\w+) -->\n```sh\n(.*?)```", text, re.S))
    missing = {"release", "processes", "backup"} - set(found)
    if missing:
        sys.exit(f"docs/deploy.md lacks the checked blocks {sorted(missing)}")
    return found


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(path: str, *, https: bool = True):
    """(status, headers, body) of a request as the proxy would pass it on."""
    request = urllib.request.Request(SITE + path, headers={"X-Forwarded-Proto": "https"} if https else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


def check(condition: bool, what: str):
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        raise SystemExit(1)


def stop_group(shell: subprocess.Popen):
    """SIGTERM to the shell's whole process group (gunicorn, qcluster), then SIGKILL to whatever is
    left after 30 s: the shell exits at once, and a qcluster still stopping would outlive the run."""
    os.killpg(shell.pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        shell.poll()
        try:
            os.killpg(shell.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.killpg(shell.pid, signal.SIGKILL)
    shell.wait(timeout=10)


def main():
    steps = blocks()
    with tempfile.TemporaryDirectory(prefix="deploy-check-") as folder:
        clone = Path(folder) / "lms"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=True)
        subprocess.run(["createdb", *PG, DATABASE], check=True)
        environment = {
            **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "VIRTUAL_ENV"))},
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
            "REDIS_URL": "redis://127.0.0.1:6379/7",
            "EMAIL_URL": "consolemail://",
            "WAGTAILADMIN_BASE_URL": "https://127.0.0.1",
            "MEDIA_ROOT": str(Path(folder) / "media"),
        }
        before = set(BACKUPS.glob("lms-backup-*")) if BACKUPS.exists() else set()
        # One shell, as a person following the document would use: release steps, then processes.
        shell = subprocess.Popen(
            ["bash", "-euc", steps["release"] + steps["processes"] + "wait\n"],
            cwd=clone,
            env=environment,
            start_new_session=True,
        )
        try:
            started = time.monotonic()
            status = None
            while time.monotonic() - started < 600 and shell.poll() is None:
                try:
                    status, headers, body = get("/fi/")
                    break
                except OSError:
                    time.sleep(1)
            check(
                status == 200,
                f"the site answers 200 behind the proxy's HTTPS header ({time.monotonic() - started:.0f} s from a fresh clone)",
            )
            check(
                "Strict-Transport-Security" in headers and "Content-Security-Policy" in headers, "HSTS and CSP headers"
            )
            status, headers, _ = get("/fi/", https=False)
            check(status == 301 and headers["Location"].startswith("https://"), "plain HTTP is redirected to HTTPS")
            _status, _headers, page = get("/fi/accounts/login/")
            stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
            check(stylesheet is not None, "static files are linked with hashed names")
            check(get(stylesheet.group(1))[0] == 200, "and served by whitenoise")
            status, headers, _ = get("/admin/")
            check(
                status == 302 and "/accounts/login/" in headers["Location"],
                "the admin sends visitors to the one log-in",
            )
            manage = [str(clone / ".venv/bin/python"), "manage.py"]
            task = subprocess.run(
                [
                    *manage,
                    "shell",
                    "-c",
                    "from django_q.tasks import async_task, result; "
                    "print(result(async_task('math.floor', 2.5), wait=60000))",
                ],
                cwd=clone,
                env={**environment, "DJANGO_SETTINGS_MODULE": "lms.settings.production"},
                capture_output=True,
                text=True,
                check=True,
            )
            check(task.stdout.strip().endswith("2"), "a task queued through Redis is done by the qcluster")
            migrated = subprocess.run(
                [*manage, "migrate", "--check"],
                cwd=clone,
                capture_output=True,
                env={**environment, "DJANGO_SETTINGS_MODULE": "lms.settings.production"},
            )
            check(migrated.returncode == 0, "every migration is applied")
            subprocess.run(
                ["bash", "-euc", steps["backup"]],
                cwd=clone,
                check=True,
                env={**environment, "DJANGO_SETTINGS_MODULE": "lms.settings.production"},
            )
            written = set(BACKUPS.glob("lms-backup-*")) - before
            manifest = json.loads((next(iter(written)) / "manifest.json").read_text()) if written else {}
            check(manifest.get("engine") == "postgresql", "the nightly backup was written with its manifest")
        finally:
            stop_group(shell)
            for backup in set(BACKUPS.glob("lms-backup-*")) - before if BACKUPS.exists() else ():
                shutil.rmtree(backup)
            subprocess.run(["dropdb", *PG, "--if-exists", "--force", DATABASE], check=False)
    print("docs/deploy.md holds on this machine.")


if __name__ == "__main__":
    main()
