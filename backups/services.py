"""Backing up and restoring the database and the media files (certificates' PDFs, images).

A backup is a folder: `database.dump` (PostgreSQL's custom format, from pg_dump) or
`database.sqlite3` (SQLite's online backup), `media.tar.gz`, and `manifest.json` with what made it
and each file's SHA-256, which a restore checks before it touches anything. A restore goes only into
an empty database and an empty media folder, so that it can never mix two sites' data.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from contextlib import closing
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
FORMAT_VERSION = 1
# A backup holds everyone's records and the certificates: for the user that runs it only.
FOLDER_MODE = 0o700
FILE_MODE = 0o600


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres_environment(db: dict) -> dict:
    """libpq's own variables, so that no password is ever on a command line."""
    variables = {"PGHOST": db.get("HOST"), "PGPORT": str(db.get("PORT") or ""), "PGUSER": db.get("USER")}
    variables["PGPASSWORD"] = db.get("PASSWORD")
    return {**os.environ, **{key: value for key, value in variables.items() if value}}


def _run(command: list[str], db: dict) -> None:
    result = subprocess.run(command, env=_postgres_environment(db), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def create_backup(target: Path) -> Path:
    """Back up the default database and MEDIA_ROOT into a new folder under `target`; its path.
    The folder (and `target`, when this makes it) is its owner's only, and so is every file in it."""
    db = settings.DATABASES["default"]
    Path(target).mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    folder = Path(target) / f"lms-backup-{timezone.now():%Y%m%d-%H%M%S-%f}"
    folder.mkdir(mode=FOLDER_MODE)
    folder.chmod(FOLDER_MODE)  # whatever the umask: nobody else may list or enter it
    if connection.vendor == "postgresql":
        database_file = folder / "database.dump"
        # The custom format restores table by table in dependency order and is compressed.
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={database_file}", db["NAME"]], db)
    elif connection.vendor == "sqlite":
        database_file = folder / "database.sqlite3"
        # SQLite's online backup copies a consistent snapshot while the site keeps writing.
        with closing(sqlite3.connect(db["NAME"])) as source, closing(sqlite3.connect(database_file)) as copy:
            source.backup(copy)
    else:
        raise BackupError(f"No backup for {connection.vendor}")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_ARCHIVE, "w:gz") as archive:
        if media.is_dir():
            for entry in sorted(media.iterdir()):
                archive.add(entry, arcname=entry.name)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "migrations": MigrationRecorder.Migration.objects.count(),
        "files": {path.name: _sha256(path) for path in (database_file, folder / MEDIA_ARCHIVE)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    for path in folder.iterdir():
        path.chmod(FILE_MODE)
    return folder


def read_manifest(folder: Path) -> dict:
    """The backup's manifest, once every file it names is there and unchanged."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} is not a backup: {error}") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}")
    for name, checksum in manifest["files"].items():
        path = folder / name
        if not path.is_file() or _sha256(path) != checksum:
            raise BackupError(f"{path} is missing or damaged")
    return manifest


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore_backup(folder: Path) -> dict:
    """Restore the backup in `folder` into the default database and MEDIA_ROOT, both empty."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"A {manifest['engine']} backup cannot be restored into {connection.vendor}")
    if not database_is_empty():
        raise BackupError("The database is not empty: restore into a new, empty database.")
    media = Path(settings.MEDIA_ROOT)
    if media.is_dir() and any(media.iterdir()):
        raise BackupError(f"{media} is not empty: restore into an empty media folder.")
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={db['NAME']}",
                str(folder / "database.dump"),
            ],
            db,
        )
    else:
        connection.close()
        with (
            closing(sqlite3.connect(folder / "database.sqlite3")) as source,
            closing(sqlite3.connect(db["NAME"])) as target,
        ):
            source.backup(target)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_ARCHIVE, "r:gz") as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(media, filter="data")
    return manifest


def prune_backups(target: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `target`; the deleted folders."""
    backups = sorted(Path(target).glob("lms-backup-*"), reverse=True)
    removed = backups[keep:]
    for folder in removed:
        shutil.rmtree(folder)
    return removed
