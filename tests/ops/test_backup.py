"""Restore drill: back up a populated site, change it, restore, and find every row and file as it was."""

import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.core.demo import seed_demo
from marketplace.extensions import db
from marketplace.ops import dbdump
from marketplace.ops.backup import data_files, sha256_of
from tests.support import database_url_for, dispose_engines, prepare_database


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site of its own (database and DATA_DIR), migrated, with the demo data and uploaded files;
    shared by this module's tests (migrating is slow), each of which leaves it as it found it."""
    data_dir = tmp_path_factory.mktemp("backup-site")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "backup-drill-secret",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for("backup", data_dir),
        }
    )
    prepare_database(app)
    with app.app_context():
        seed_demo()
        media = data_dir / "media" / "Ab"
        media.mkdir(parents=True, exist_ok=True)  # the demo's own photos may have drawn "Ab" too
        (media / "AbPhoto_medium.jpg").write_bytes(b"\xff\xd8 photo bytes")
        (data_dir / "imports").mkdir()
        (data_dir / "imports" / "list.csv").write_text("producer_name\nHTX A\n", encoding="utf-8")
        (data_dir / "outbox").mkdir(exist_ok=True)
        (data_dir / "outbox" / "mail.eml").write_text("dev mail")
        (data_dir / "whoosh").mkdir()
        (data_dir / "whoosh" / "seg_1.toc").write_text("index")
    yield app
    dispose_engines(app)


def invoke(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, result.output
    return result.output


def uploaded_files(app) -> dict[str, str]:
    """The files a backup keeps under DATA_DIR, by path, with their SHA-256."""
    data_dir = Path(app.config["DATA_DIR"])
    return {p.relative_to(data_dir).as_posix(): sha256_of(p) for p in data_files(data_dir)}


def test_a_restore_brings_back_every_row_and_file(site, tmp_path):
    data_dir = Path(site.config["DATA_DIR"])
    archive = tmp_path / "backups" / "site.tar.gz"
    with site.app_context():
        before = dbdump.fingerprint(db.engine)
    files_before = uploaded_files(site)

    assert "Backup written" in invoke(site, "backup", "create", str(archive))

    with site.app_context():  # life goes on: rows change, a photo is deleted, another uploaded
        db.session.execute(db.delete(User).where(User.email == "buyer@demo.cnnt.vn"))
        db.session.add(User(email="new@x.vn", display_name="New", password_hash="x", role="buyer"))
        db.session.commit()
        assert dbdump.fingerprint(db.engine) != before
    (data_dir / "media" / "Ab" / "AbPhoto_medium.jpg").unlink()
    (data_dir / "media" / "Ab" / "Later_medium.jpg").write_bytes(b"later")

    output = invoke(site, "backup", "restore", "--yes", str(archive))

    assert "checksums and file hashes match" in output
    with site.app_context():
        assert dbdump.fingerprint(db.engine) == before
        assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "new@x.vn")) == 0
    assert uploaded_files(site) == files_before


def test_the_archive_holds_the_uploads_but_not_the_search_index_or_dev_mail(site, tmp_path):
    archive = tmp_path / "site.tar.gz"
    invoke(site, "backup", "create", str(archive))

    names = tarfile.open(archive).getnames()

    assert "manifest.json" in names
    assert "files/media/Ab/AbPhoto_medium.jpg" in names and "files/imports/list.csv" in names
    assert not any("whoosh" in n or "outbox" in n or n.endswith((".db", ".db-wal")) for n in names)


def test_rows_still_in_the_sqlite_wal_are_in_the_backup(site, tmp_path, database_is_postgres):
    """A copy of the .db file alone would miss them; the online backup API does not."""
    if database_is_postgres:
        pytest.skip("SQLite only")
    with site.app_context():
        db.session.add(User(email="in-wal@x.vn", display_name="WAL", password_hash="x", role="buyer"))
        db.session.commit()
        wal = Path(db.engine.url.database + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # not checkpointed yet
        archive = tmp_path / "wal.tar.gz"
        invoke(site, "backup", "create", str(archive))
    tarfile.open(archive).extract("database.sqlite", tmp_path, filter="data")

    copy = sqlite3.connect(tmp_path / "database.sqlite")
    assert copy.execute("SELECT count(*) FROM users WHERE email = 'in-wal@x.vn'").fetchone() == (1,)
    copy.close()


def test_a_damaged_archive_is_refused_and_changes_nothing(site, tmp_path):
    archive, broken = tmp_path / "ok.tar.gz", tmp_path / "broken.tar.gz"
    invoke(site, "backup", "create", str(archive))
    with tarfile.open(archive) as source, tarfile.open(broken, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name.endswith("AbPhoto_medium.jpg"):
                member.size = 3
                data = __import__("io").BytesIO(b"bad")
            target.addfile(member, data)
    with site.app_context():
        before = dbdump.fingerprint(db.engine)
    files_before = uploaded_files(site)

    result = site.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(broken)])

    assert uploaded_files(site) == files_before  # not one file written from the damaged archive
    with site.app_context():
        assert dbdump.fingerprint(db.engine) == before
    assert result.exit_code != 0 and "damaged" in result.output


def test_restore_asks_before_replacing_everything(site, tmp_path):
    archive = tmp_path / "ok.tar.gz"
    invoke(site, "backup", "create", str(archive))

    result = site.test_cli_runner().invoke(args=["backup", "restore", str(archive)], input="n\n")

    assert result.exit_code != 0 and "Aborted" in result.output


def rewrite_archive(archive: Path, target: Path, change) -> None:
    """A copy of `archive` whose members pass through `change(name, data) -> data`, manifest included."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))


def test_the_manifest_checksums_the_database_dump(site, tmp_path):
    archive = tmp_path / "ok.tar.gz"
    invoke(site, "backup", "create", str(archive))

    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        dump = opened.extractfile(manifest["database"]).read()

    assert manifest["database_sha256"] == hashlib.sha256(dump).hexdigest()


def test_a_damaged_database_dump_is_refused_before_anything_changes(site, tmp_path):
    archive, broken = tmp_path / "ok.tar.gz", tmp_path / "broken.tar.gz"
    invoke(site, "backup", "create", str(archive))

    def flip_a_byte_of_the_dump(name: str, data: bytes) -> bytes:
        if not name.startswith("database."):
            return data
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]

    rewrite_archive(archive, broken, flip_a_byte_of_the_dump)
    with site.app_context():
        before = dbdump.fingerprint(db.engine)
    files_before = uploaded_files(site)

    result = site.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(broken)])

    assert result.exit_code != 0 and "damaged" in result.output and "database." in result.output
    with site.app_context():
        assert dbdump.fingerprint(db.engine) == before
    assert uploaded_files(site) == files_before


def test_a_postgresql_restore_that_fails_half_way_leaves_the_database_as_it_was(site, tmp_path, database_is_postgres):
    """The dump is sound (its checksum matches) but cannot be applied: it creates a schema that now
    exists. Before, the public schema was dropped and committed first, and the site was left empty."""
    if not database_is_postgres:
        pytest.skip("PostgreSQL only (a SQLite restore is one page-by-page copy in one transaction)")
    archive = tmp_path / "with-extra-schema.tar.gz"
    with site.app_context():
        db.session.execute(text("CREATE SCHEMA extra"))
        db.session.execute(text("CREATE TABLE extra.notes (id integer PRIMARY KEY)"))
        db.session.commit()
    try:
        invoke(site, "backup", "create", str(archive))  # the dump says CREATE SCHEMA extra
        with site.app_context():
            db.session.add(User(email="after-backup@x.vn", display_name="After", password_hash="x", role="buyer"))
            db.session.commit()
            before = dbdump.fingerprint(db.engine)

        result = site.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(archive)])

        assert result.exit_code != 0 and "already exists" in result.output
        with site.app_context():
            assert dbdump.fingerprint(db.engine) == before  # every table, every row, as before the attempt
    finally:
        with site.app_context():
            db.session.execute(db.delete(User).where(User.email == "after-backup@x.vn"))
            db.session.execute(text("DROP SCHEMA IF EXISTS extra CASCADE"))
            db.session.commit()
