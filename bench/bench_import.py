"""Import benchmark: a realistic 20,000-row organisers' list imported through the real command
(`import-catalogue`) and the web job's background thread, on SQLite and, when BENCH_DATABASE_URL or
TEST_DATABASE_URL names a PostgreSQL server, on PostgreSQL. Prints the figures; asserts nothing.

BENCH_IMPORT_ROWS changes the number of rows (default 20000)."""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalogue_file import csv_bytes, rows, xlsx_bytes  # noqa: E402  (bench/ is the script's own folder)
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "20000"))


def fresh_database(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.db'}"
    base = make_url(os.environ.get("BENCH_DATABASE_URL") or os.environ["TEST_DATABASE_URL"])
    url = base.set(drivername="postgresql+psycopg", database=f"{base.database}_bench_import")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def make_app(url: str, folder: Path):
    from flask_migrate import upgrade

    from marketplace import create_app
    from marketplace.config import PROJECT_ROOT

    app = create_app(
        {
            "APP_ENV": "development",
            "DATA_DIR": folder,
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "benchmark-secret-key-0123456789",
            "JOBS_REDIS_URL": None,
        }
    )  # the web job measured in its thread, even where REDIS_URL is set
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
    return app


def timed_command(app, path: Path, *options: str) -> tuple[float, float, str]:
    start, cpu = time.perf_counter(), time.process_time()
    result = app.test_cli_runner().invoke(args=["import-catalogue", str(path), *options])
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if result.exit_code != 0:
        raise SystemExit(f"import-catalogue failed: {result.output}")
    counts = [line for line in result.stdout.splitlines() if line.startswith(("Products", "Rows rejected"))]
    return elapsed, cpu, "; ".join(counts)


def timed_web_job(app, data: bytes) -> tuple[float, float, str]:
    """The organisers' web import: a queued job run by a background thread, committing every batch."""
    from marketplace.accounts.models import User
    from marketplace.catalogue.imports import jobs
    from marketplace.core.models import utcnow
    from marketplace.extensions import db

    with app.app_context():
        staff = User(
            email="bench@example.vn",
            display_name="Bench",
            password_hash="!",
            role="organiser",  # noqa: S106 (no login)
            locale="en",
            email_verified_at=utcnow(),
        )
        db.session.add(staff)
        db.session.flush()
        job_id = jobs.create_job(staff, "bench.xlsx", data, dry_run=False).id
        db.session.commit()
    start, cpu = time.perf_counter(), time.process_time()
    jobs.start_job(app, job_id).join()
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    with app.app_context():
        job = db.session.get(jobs.ImportJob, job_id)
        return (
            elapsed,
            cpu,
            (
                f"{job.status}: created {job.created}, updated {job.updated}, "
                f"unchanged {job.unchanged}, rejected {job.rejected}"
            ),
        )


def changed(data: list[list[str]]) -> list[list[str]]:
    """The same list a month later: one product in ten has a new price."""
    result = [list(values) for values in data]
    for values in result[::10]:
        values[15] = "999.000"
    return result


def bench(kind: str, files: dict[str, Path], xlsx_changed: bytes) -> None:
    from marketplace.catalogue.models import Product
    from marketplace.extensions import db

    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        app = make_app(fresh_database(kind, Path(folder)), Path(folder))
        scenarios = [
            ("dry run, new list (CSV)", lambda: timed_command(app, files["csv"], "--dry-run")),
            ("first import (CSV)", lambda: timed_command(app, files["csv"])),
            ("same list again (CSV)", lambda: timed_command(app, files["csv"])),
            ("same list again (XLSX)", lambda: timed_command(app, files["xlsx"])),
            ("web job, 1 in 10 prices changed (XLSX)", lambda: timed_web_job(app, xlsx_changed)),
        ]
        print(f"{'database':<10} {'scenario':<40} {'wall':>7}   {'CPU':>7}   rows/s (wall)")
        for name, scenario in scenarios:
            elapsed, cpu, summary = scenario()
            print(f"{kind:<10} {name:<40} {elapsed:6.1f} s  {cpu:6.1f} s  {ROWS / elapsed:7.0f}  {summary}", flush=True)
        with app.app_context():
            total = db.session.scalar(select(func.count()).select_from(Product))
            print(f"{kind:<10} products in the database: {total}")
            db.engine.dispose()


def main() -> None:
    print(
        f"Load average before the run: {os.getloadavg()[0]:.1f} (wall times grow with it; CPU is this "
        "process only, so on PostgreSQL it leaves out the server's work)"
    )
    data = rows(ROWS)
    with tempfile.TemporaryDirectory(prefix="bench-import-files-") as folder:
        files = {"csv": Path(folder) / "danh-sach.csv", "xlsx": Path(folder) / "danh-sach.xlsx"}
        files["csv"].write_bytes(csv_bytes(data))
        files["xlsx"].write_bytes(xlsx_bytes(data))
        xlsx_changed = xlsx_bytes(changed(data))
        producers = len({values[1] for values in data})
        print(
            f"Import benchmark: {ROWS} rows, {producers} producers; CSV {files['csv'].stat().st_size / 1e6:.1f} MB, "
            f"XLSX {files['xlsx'].stat().st_size / 1e6:.1f} MB; {os.cpu_count()} CPU(s)",
            flush=True,
        )
        kinds = ["sqlite"]
        if (os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres"):
            kinds.append("postgresql")
        for kind in kinds:
            bench(kind, files, xlsx_changed)


if __name__ == "__main__":
    main()
