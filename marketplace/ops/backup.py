"""Backups: one .tar.gz with the database dump, the uploaded files under DATA_DIR and a manifest
(row counts and checksums per table, a SHA-256 per file) that a restore checks itself against.

The search index is left out: it is rebuilt from the database after a restore (`search reindex`).
"""

import hashlib
import json
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from marketplace.extensions import db
from marketplace.ops import dbdump
from marketplace.ops.dbdump import BackupError

FORMAT = 1
FILES = "files"
# Under DATA_DIR, what a backup leaves out: rebuilt from the database (search indexes), mail the
# development server wrote instead of sending it, scratch space, and the SQLite files themselves.
EXCLUDED_DIRS = {"search", "search-index", "whoosh", "index", "outbox", "tmp"}
EXCLUDED_SUFFIXES = (".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".sqlite-wal", ".sqlite-shm")


def data_files(data_dir: Path) -> list[Path]:
    """The files under DATA_DIR a backup keeps (uploaded photos, imported files, ...)."""
    kept = []
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if not path.is_file() or relative.parts[0] in EXCLUDED_DIRS or path.name.endswith(EXCLUDED_SUFFIXES):
            continue
        if path.name.startswith(".tmp-"):  # a photo being written right now (media.storage)
            continue
        kept.append(path)
    return kept


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _revision() -> str | None:
    with db.engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except Exception:  # noqa: BLE001  (a database never migrated has no revision)
            return None


def create_backup(target: Path) -> dict:
    """Write the archive at `target` (atomically: a half-written backup never has the final name)."""
    data_dir = Path(current_app.config["DATA_DIR"])
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cnnt-backup-") as scratch:
        scratch = Path(scratch)
        database_name = dbdump.dump(db.engine, scratch / "database.dump")
        files = data_files(data_dir)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "dialect": db.engine.dialect.name,
            "revision": _revision(),
            "database": database_name,
            "database_sha256": sha256_of(scratch / "database.dump"),
            "tables": dbdump.fingerprint(db.engine),
            "files": {path.relative_to(data_dir).as_posix(): sha256_of(path) for path in files},
        }
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            info = tarfile.TarInfo("manifest.json")
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info.size = len(body)
            archive.addfile(info, _BytesReader(body))
            archive.add(scratch / "database.dump", arcname=database_name)
            for path in files:
                archive.add(path, arcname=f"{FILES}/{path.relative_to(data_dir).as_posix()}")
        partial.replace(target)
    return manifest


class _BytesReader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def read_manifest(archive: tarfile.TarFile) -> dict:
    member = archive.extractfile("manifest.json")
    if member is None:
        raise BackupError("This archive has no manifest.json: it is not a backup of this site.")
    manifest = json.load(member)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def restore_backup(source: Path) -> dict:
    """Put the database and the files back as they were; returns the manifest, after checking that
    every table's rows and checksum and every file's SHA-256 match it."""
    data_dir = Path(current_app.config["DATA_DIR"])
    with tempfile.TemporaryDirectory(prefix="cnnt-restore-") as scratch:
        scratch = Path(scratch)
        with tarfile.open(source, "r:gz") as archive:
            manifest = read_manifest(archive)
            if manifest["dialect"] != db.engine.dialect.name:
                raise BackupError(
                    f"This backup is of a {manifest['dialect']} database; the site runs on {db.engine.dialect.name}."
                )
            archive.extractall(scratch, filter="data")  # refuses absolute paths, .. and links out
        _check_database(scratch / manifest["database"], manifest)
        _check_files(scratch / FILES, manifest)
        db.session.remove()
        dbdump.restore(db.engine, scratch / manifest["database"])
        _replace_files(scratch / FILES, data_dir)
    verify(manifest, data_dir)
    return manifest


def _check_database(dump: Path, manifest: dict) -> None:
    # Archives written before the dump had its checksum carry none; their tables are still verified after.
    expected = manifest.get("database_sha256")
    if not dump.is_file() or (expected and sha256_of(dump) != expected):
        raise BackupError(f"The archive is damaged: {manifest['database']} does not match its checksum.")


def _check_files(folder: Path, manifest: dict) -> None:
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.is_file() or sha256_of(path) != digest:
            raise BackupError(f"The archive is damaged: {name} does not match its checksum.")


def _replace_files(folder: Path, data_dir: Path) -> None:
    """The kept files become exactly the archive's: files added since the backup go too."""
    for path in data_files(data_dir):
        path.unlink()
    if folder.is_dir():
        shutil.copytree(folder, data_dir, dirs_exist_ok=True)


def verify(manifest: dict, data_dir: Path) -> None:
    tables = dbdump.fingerprint(db.engine)
    wrong = sorted(name for name in manifest["tables"] if tables.get(name) != manifest["tables"][name])
    if wrong:
        raise BackupError(f"After the restore these tables differ from the backup: {', '.join(wrong)}.")
    files = {p.relative_to(data_dir).as_posix(): sha256_of(p) for p in data_files(data_dir)}
    if files != manifest["files"]:
        raise BackupError("After the restore the files under DATA_DIR differ from the backup.")
