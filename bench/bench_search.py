"""Search at 100,000 products: import, reindex, then 500 mixed queries over HTTP, for each engine.

    .venv/bin/python bench/bench_search.py [--products 100000] [--queries 500] [--backend both]

Prints rows/s for the import and the reindex, and p50/p95 latency of the queries beside the
latency of /healthz measured in the same run (the floor one request costs on this machine).
The PostgreSQL run uses BENCH_DATABASE_URL or TEST_DATABASE_URL with "_bench_search" added to
the database name (default: the local server, cnnt_bench_search), created anew; it is skipped
with a note when the server does not answer.
Everything runs on 127.0.0.1; nothing is kept.
"""

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import vn_catalogue  # noqa: E402


def _postgres_url() -> str:
    """BENCH_DATABASE_URL or TEST_DATABASE_URL (as `make bench` documents) with its own database
    name, else the local server; the database is dropped and created anew."""
    from sqlalchemy.engine import make_url

    base = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not base or not base.startswith("postgres"):
        return "postgresql+psycopg://postgres@127.0.0.1:5432/cnnt_bench_search"
    url = make_url(base).set(drivername="postgresql+psycopg")
    return url.set(database=f"{url.database}_bench_search").render_as_string(hide_password=False)


POSTGRES_URL = _postgres_url()


def _settings(backend: str, data_dir: Path) -> dict:
    url = f"sqlite:///{data_dir / 'bench.db'}" if backend == "whoosh" else POSTGRES_URL
    return {
        "DATABASE_URL": url,
        "DATA_DIR": str(data_dir),
        "SEARCH_BACKEND": backend,
        "APP_ENV": "production",
        "SECRET_KEY": "bench-secret-key-not-for-production-use",
        "RATELIMIT_ENABLED": "false",
    }


def _fresh_postgres() -> bool:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL)
    try:
        admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
        admin.dispose()
        return True
    except Exception as error:  # noqa: BLE001 — no server: say so and go on with Whoosh
        print(f"  PostgreSQL not reachable ({type(error).__name__}); skipping that engine")
        return False


def _app(settings: dict):
    os.environ.update(settings)
    from flask_migrate import upgrade

    from marketplace import create_app

    app = create_app()
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
    return app


def _import(app, rows: list[dict]) -> tuple[float, str]:
    """The real importer (session sync writes the index at commit); returns (seconds, how)."""
    from marketplace.catalogue.imports.importer import run_import
    from marketplace.extensions import db

    with app.app_context():
        trial = run_import(vn_catalogue.to_csv(rows[:20]))  # a real write, then undone
        db.session.rollback()
        if trial.counts()["rejected"]:
            reason = trial.lines[0].reason if trial.lines else "?"
            print(f"  the importer rejects generated rows ({reason}); loading with bulk SQL instead")
            started = time.perf_counter()
            from bulk_load import bulk_load

            bulk_load(db, rows)
            return time.perf_counter() - started, "bulk SQL (importer unavailable), index not written"
        started = time.perf_counter()
        report = run_import(vn_catalogue.to_csv(rows), filename="bench.csv")
        db.session.commit()  # the session sync writes the index for every imported product here
        seconds = time.perf_counter() - started
        return seconds, f"import-catalogue engine incl. index at commit ({report.counts()['created']} created)"


def _reindex(app) -> tuple[float, int]:
    from marketplace.extensions import db
    from marketplace.search import engine

    with app.app_context():
        started = time.perf_counter()
        count = engine.reindex()
        db.session.remove()
        return time.perf_counter() - started, count


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(settings: dict, port: int):
    env = {**os.environ, **settings}
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "wsgi:app",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 — our own gunicorn
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()  # noqa: S310
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the server did not start")


def _get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 — 127.0.0.1 only
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def _percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   max {ordered[-1]:6.1f} ms"


def _queries(port: int, count: int) -> tuple[list, list, str]:
    base = f"http://127.0.0.1:{port}"
    path = "/api/v1/products"
    try:
        _get(f"{base}{path}?q=nuoc+mam")
    except Exception:  # noqa: BLE001 — the catalogue API is not in this branch yet: use the page
        path = "/products"
    mixed = vn_catalogue.queries(random.Random(7), count)
    for query in mixed[:20]:  # warm every worker's searcher and caches for these words
        _get(f"{base}{path}?{urllib.parse.urlencode(query)}")
        _get(f"{base}/healthz")
    searches, health = [], []
    for query in mixed:
        searches.append(_get(f"{base}{path}?{urllib.parse.urlencode(query)}"))
        health.append(_get(f"{base}/healthz"))
    return searches, health, path


def run(backend: str, rows: list[dict], queries: int) -> None:
    print(f"\n== {backend} engine, {len(rows):,} products ==")
    if backend == "postgres" and not _fresh_postgres():
        return
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-search-{backend}-"))
    settings = _settings(backend, data_dir)
    server = None
    try:
        app = _app(settings)
        seconds, how = _import(app, rows)
        print(f"  import   {len(rows) / seconds:8.0f} rows/s   ({seconds:.1f} s; {how})")
        seconds, count = _reindex(app)
        print(f"  reindex  {count / seconds:8.0f} rows/s   ({seconds:.1f} s for {count:,} products)")
        port = _free_port()
        server = _serve(settings, port)
        searches, health, path = _queries(port, queries)
        print(f"  {len(searches)} queries via GET {path} (2 gunicorn workers):")
        print(f"    search   {_percentiles(searches)}")
        print(f"    /healthz {_percentiles(health)}")
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=int(os.environ.get("BENCH_PRODUCTS", 100_000)))
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--backend", choices=("whoosh", "postgres", "both"), default="both")
    args = parser.parse_args()
    if args.backend == "both":
        # Each engine in its own process: the app, its settings and its caches start clean.
        for backend in ("whoosh", "postgres"):
            code = subprocess.call(
                [
                    sys.executable,
                    __file__,
                    "--products",
                    str(args.products),  # noqa: S603
                    "--queries",
                    str(args.queries),
                    "--backend",
                    backend,
                ]
            )
            if code:
                sys.exit(code)
        return
    started = time.perf_counter()
    rows = vn_catalogue.generate_rows(args.products)
    print(f"generated {len(rows):,} products in {time.perf_counter() - started:.1f} s")
    run(args.backend, rows, args.queries)


if __name__ == "__main__":
    main()
