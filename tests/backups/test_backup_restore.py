"""Backup and restore end to end: a site with a certificate is backed up, restored by
`manage.py restore` into a new, empty database and media folder, and the restored site serves the
catalogue, verifies the certificate and hands its holder the same PDF. On the database the suite
runs on: SQLite here, PostgreSQL in CI (pg_dump and pg_restore)."""

import hashlib
import json
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.db import connection

import psycopg
import pytest

from backups.services import BackupError, create_backup, restore_backup
from certificates.services import issue_certificate
from tests.factories import EnrolmentFactory, IntroductionSessionPageFactory, ParticipantFactory

# The data must be committed for pg_dump, which reads it from another connection.
pytestmark = pytest.mark.django_db(transaction=True)

CHECK_RESTORED_SITE = """
import hashlib, json, sys
import django
django.setup()
from django.test import Client
from certificates.models import Certificate
expected = json.loads(sys.argv[1])
certificate = Certificate.objects.get(number=expected["number"])
client = Client()
catalogue = client.get("/fi/koulutukset/")
assert catalogue.status_code == 200 and expected["title"] in catalogue.content.decode(), catalogue.status_code
verified = client.get(f"/fi/verify/{expected['code']}/")
assert verified.status_code == 200 and expected["name"] in verified.content.decode(), verified.status_code
client.force_login(certificate.subject)
download = client.get(f"/fi/my/certificates/{expected['code']}.pdf")
assert download.status_code == 200, download.status_code
assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == expected["pdf_sha256"]
print("restored site works")
"""


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the kind the suite runs on."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"lms_restore_{uuid.uuid4().hex[:10]}"
    admin = {"host": db["HOST"] or "localhost", "port": db["PORT"] or 5432, "user": db["USER"], "dbname": "postgres"}
    if db["PASSWORD"]:
        admin["password"] = db["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    yield f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}"
    with psycopg.connect(**admin, autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test", "DATABASE_URL": database_url}
    environment["MEDIA_ROOT"] = str(media_root)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, *arguments],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_backup_restores_into_an_empty_database_and_the_site_works(catalogue, media, tmp_path, empty_database):
    course = IntroductionSessionPageFactory(parent=catalogue, title="Johdatus systeemisyyteen, Pori")
    person = ParticipantFactory(first_name="Åsa", last_name="Öhman")
    certificate = issue_certificate(EnrolmentFactory(offering=course, user=person, completed=True), issued_by=None)
    pdf = certificate.pdf.read()

    folder = create_backup(tmp_path / "backups")
    restored_media = tmp_path / "restored-media"
    restored = manage("manage.py", "restore", str(folder), database_url=empty_database, media_root=restored_media)

    assert restored.returncode == 0, restored.stderr
    migrations = manage("manage.py", "migrate", "--check", database_url=empty_database, media_root=restored_media)
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr
    expected = {
        "number": certificate.number,
        "code": certificate.display_code,
        "name": "Åsa Öhman",
        "title": "Johdatus systeemisyyteen, Pori",
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
    }
    check = manage(
        "-c", CHECK_RESTORED_SITE, json.dumps(expected), database_url=empty_database, media_root=restored_media
    )
    assert check.returncode == 0, check.stderr
    assert "restored site works" in check.stdout


def test_a_backup_is_for_its_owner_only(catalogue, media, tmp_path):
    media.mkdir(parents=True, exist_ok=True)
    (media / "kuva.png").write_bytes(b"png")

    folder = create_backup(tmp_path / "backups")

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "backups").stat().st_mode) == 0o700
    files = list(folder.iterdir())
    assert len(files) == 3
    assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}


def test_restore_refuses_a_database_that_is_not_empty(catalogue, media, tmp_path):
    folder = create_backup(tmp_path / "backups")

    with pytest.raises(BackupError, match="not empty"):
        restore_backup(folder)


def test_restore_refuses_a_damaged_backup_before_touching_anything(catalogue, media, tmp_path, empty_database):
    folder = create_backup(tmp_path / "backups")
    archive = folder / "media.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10])

    restored = manage("manage.py", "restore", str(folder), database_url=empty_database, media_root=tmp_path / "m")

    assert restored.returncode != 0
    assert "missing or damaged" in restored.stderr
    assert not (tmp_path / "m").exists()


def test_the_backup_command_keeps_only_the_newest_backups(catalogue, media, tmp_path):
    from django.core.management import call_command

    for _ in range(3):
        call_command("backup", output=tmp_path / "backups", keep=2)

    assert len(list((tmp_path / "backups").glob("lms-backup-*"))) == 2
