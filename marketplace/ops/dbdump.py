"""Copy the database in and out: SQLite through its online backup API, PostgreSQL through
pg_dump/pg_restore and psql; and a fingerprint (rows and checksum per table) to prove a restore."""

import hashlib
import os
import sqlite3
import subprocess  # noqa: S404  (pg_dump, pg_restore and psql, with argument lists, never a shell)
from pathlib import Path

from sqlalchemy import column, inspect, select, table
from sqlalchemy.engine import Engine, make_url


class BackupError(RuntimeError):
    """A backup or restore cannot go on; the message says why."""


def sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(database)


def _libpq(engine: Engine) -> tuple[str, dict]:
    """A libpq URL without the password (it goes in PGPASSWORD, never on a command line)."""
    url = make_url(engine.url)
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def dump(engine: Engine, target: Path) -> str:
    """Write a consistent copy of the live database to `target`; returns the file's name in the archive."""
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(sqlite_path(engine))
        copy = sqlite3.connect(target)
        try:
            # The online backup API copies a consistent snapshot, WAL included, while the site runs;
            # copying the file would miss what is still in the -wal file, or catch half a write.
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return "database.sqlite"
    if engine.dialect.name == "postgresql":
        url, env = _libpq(engine)
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", url], env)
        return "database.pgdump"
    raise BackupError(f"No backup method for {engine.dialect.name}.")


def restore(engine: Engine, source: Path) -> None:
    """Replace the database's content with the dump at `source` (all or nothing)."""
    engine.dispose()  # no pooled connection may hold the old database open
    if engine.dialect.name == "sqlite":
        dump_copy = sqlite3.connect(source)
        live = sqlite3.connect(sqlite_path(engine))
        try:
            dump_copy.backup(live)  # page by page inside one write transaction of the live file
        finally:
            live.close()
            dump_copy.close()
        return
    url, env = _libpq(engine)
    # pg_restore turns the dump into SQL first (a damaged dump fails here, before the database is
    # touched); then psql empties the schema and runs that SQL in ONE transaction, so a restore that
    # fails half-way rolls back to the database as it was, dropped schema included.
    script = source.with_name(source.name + ".sql")
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--file={script}", str(source)], env)
    _run(
        [
            "psql",
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--dbname={url}",
            "--command=DROP SCHEMA public CASCADE",
            "--command=CREATE SCHEMA public",
            f"--file={script}",
        ],
        env,
    )


def _row_text(row) -> bytes:
    return "\x1f".join("\x00" if value is None else str(value) for value in row).encode() + b"\x1e"


def fingerprint(engine: Engine) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": ...}} over every row, in primary-key order."""
    result = {}
    with engine.connect() as connection:
        inspector = inspect(connection)
        for name in sorted(inspector.get_table_names()):
            columns = [c["name"] for c in inspector.get_columns(name)]
            keys = inspector.get_pk_constraint(name).get("constrained_columns") or columns
            tbl = table(name, *[column(c) for c in columns])
            query = select(*[tbl.c[c] for c in columns]).order_by(*[tbl.c[k] for k in keys])
            digest, count = hashlib.sha256(), 0
            for row in connection.execute(query):
                digest.update(_row_text(row))
                count += 1
            result[name] = {"rows": count, "sha256": digest.hexdigest()}
    return result
