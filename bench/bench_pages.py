"""The pages people land on, at national scale: N products (default 100,000, mostly households with
one product each) imported through the real `import-catalogue` command, then served by gunicorn
(2 workers, gunicorn.conf.py) beside a plain Flask hello world served by the same gunicorn.

    .venv/bin/python bench/bench_pages.py [--n 100000] [--quick] [--database-url URL] [--profile]

Prints the import's rows/s, then for home, /products, a product page, /producers, 140 listings (pages
past the first, one filter, sorted), 80 with two filters (each first asked for uncached), a fair page, the
awards page, an awards programme (where the public votes) and the search API (rotating accent-free
queries): single-client p50/p95, and under 16 concurrent connections the throughput as a share of
hello world's, p99 and errors. SQLite+Whoosh by default; PostgreSQL with --database-url or
BENCH_DATABASE_URL (SEARCH_BACKEND=postgres; a database whose name starts with "bench" is dropped and
recreated as named, any other gets "_bench_pages" appended). REDIS_URL, when set, is passed to the
site (its database is emptied first).
Load generator: wrk (installed from Debian when missing and possible), else bench/loadgen.py.
--quick: 5,000 products and short runs. --profile: a pyinstrument profile of one uncached request
of each page, in-process, after the run. Figures are printed; nothing is asserted.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess  # noqa: S404  (flask, gunicorn, wrk: argument lists, no shell)
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import loadgen  # noqa: E402  (bench/ is the script's own folder)
import machine  # noqa: E402
from pages_catalogue import page_paths, write_csv  # noqa: E402

CONNECTIONS = 16


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_url(given: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(given).set(drivername="postgresql+psycopg")
    if not (url.database or "").startswith("bench"):
        url = url.set(database=f"{url.database}_bench_pages")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": url.database}
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()
    return url.render_as_string(hide_password=False)


def environment(database_url: str | None, data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "PROMETHEUS_", "TEST_"))}
    env.update(
        APP_ENV="production",
        SECRET_KEY="bench-secret-key-shared-by-all-workers",  # noqa: S106
        DATA_DIR=str(data_dir),
        RATELIMIT_ENABLED="false",
        WEB_CONCURRENCY="2",
        DATABASE_URL=database_url or f"sqlite:///{data_dir / 'bench.db'}",
        SEARCH_BACKEND="postgres" if database_url else "whoosh",
        PROMETHEUS_MULTIPROC_DIR=str(data_dir / "metrics"),
    )
    (data_dir / "metrics").mkdir(parents=True, exist_ok=True)
    if env.get("REDIS_URL"):
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # this run's cache and queue start empty
    return env


def flask(env: dict, *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        env=env,
        cwd=ROOT,  # noqa: S603
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done


def prepare(env: dict, count: int, folder: Path) -> dict:
    flask(env, "db", "upgrade")
    flask(env, "seed-demo")
    path = folder / "catalogue.csv"
    producers = write_csv(path, count)
    started = time.perf_counter()
    with (folder / "import-progress.log").open("w") as progress:
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "import-catalogue", str(path)],
            env=env,  # noqa: S603
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            stderr=progress,
            text=True,
        )
    seconds = time.perf_counter() - started
    if env["DATABASE_URL"].startswith("postgresql"):
        settle(env["DATABASE_URL"])
    summary = [line for line in done.stdout.splitlines() if line.startswith(("Products", "Rows rejected"))]
    return {"rows": count, "producers": producers, "seconds": seconds, "summary": "; ".join(summary)}


def settle(database_url: str) -> None:
    """Write out what the import left in PostgreSQL's buffers now, not under the first load test
    (a run showed 50% iowait during its hello world). It was not the whole story: hello world
    still swung between about 2,000 and 7,500 req/s from one run to the next, hence main()'s two
    hello-world runs."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("CHECKPOINT"))
        sizes = [connection.execute(text(f"SHOW {name}")).scalar_one() for name in ("shared_buffers", "work_mem")]
    engine.dispose()
    print(f"PostgreSQL: shared_buffers {sizes[0]}, work_mem {sizes[1]}", flush=True)


def targets(env: dict) -> dict:
    """Product pages, a fair page and an awards programme to ask for (read from the database)."""
    script = (
        "from sqlalchemy import select\n"
        "from marketplace import create_app\n"
        "from marketplace.extensions import db\n"
        "from marketplace.catalogue.models import PUBLISHED, Product\n"
        "from marketplace.fairs.models import Fair\n"
        "from marketplace.awards.models import Programme\n"
        "app = create_app()\n"
        "with app.app_context():\n"
        "    ids = db.session.scalars(select(Product.id).where(Product.status == PUBLISHED)"
        ".order_by(Product.id.desc()).limit(2000)).all()\n"
        "    fair = db.session.scalar(select(Fair.id).where(Fair.status == 'published').order_by(Fair.id))\n"
        "    programme = db.session.scalar(select(Programme.id).where(Programme.phase != 'draft').order_by(Programme.id))\n"
        "    print(fair, programme, *ids)\n"
    )
    out = subprocess.run(
        [str(BIN / "python"), "-c", script],
        env=env,
        cwd=ROOT,
        check=True,  # noqa: S603
        capture_output=True,
        text=True,
    ).stdout.split()
    return {"fair": out[0], "programme": out[1], "products": out[2:]}


def serve(app: str, env: dict, folder: Path, name: str, extra: list[str] | None = None):
    port = free_port()
    log = (folder / f"gunicorn-{name}.log").open("w")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),  # noqa: S603
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            *(extra or []),
            app,
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/", timeout=5).read()  # noqa: S310 (loopback)
            return server, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{name} did not start; see {folder}/gunicorn-{name}.log")


def hello_world(wrk: str | None, env: dict, folder: Path, seconds: int) -> float:
    """Requests per second of a plain Flask hello world under the same gunicorn and load."""
    hello, base = serve("hello_wsgi:app", env, folder, "hello", ["--pythonpath", str(BENCH)])
    try:
        return under_load(wrk, base, ["/"], seconds, folder)["rps"]
    finally:
        stop(hello)


def stop(server) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def single_client(base: str, paths: list[str], requests: int, budget: float) -> tuple[float, float, int]:
    """p50 and p95 in ms of `requests` sequential requests (after a warm-up), or of those sent
    within `budget` seconds (at least 3: a page that takes seconds must not take the run's hour),
    and the errors."""
    for path in paths[:3]:
        fetch(base + path)
    times, errors = [], 0
    deadline = time.perf_counter() + budget
    for n in range(requests):
        if n >= 3 and time.perf_counter() > deadline:
            break
        started = time.perf_counter()
        errors += fetch(base + paths[n % len(paths)]) >= 400
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], errors


def fetch(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 (loopback)
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 599


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found is None and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, capture_output=True)  # noqa: S603,S607
        found = shutil.which("wrk")
    return found


def under_load(wrk: str | None, base: str, paths: list[str], seconds: int, folder: Path) -> dict:
    if wrk is None:
        return loadgen.run(base, paths, CONNECTIONS, seconds)
    script = folder / "paths.lua"
    quoted = ", ".join('"' + p.replace('"', '\\"') + '"' for p in paths)
    script.write_text(
        "local paths = {" + quoted + "}\nlocal n = 0\n"
        'request = function()\n  n = n % #paths + 1\n  return wrk.format("GET", paths[n])\nend\n'
    )
    out = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",  # noqa: S603
            "-s",
            str(script),
            base,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return parse_wrk(out)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p99": _ms(*p99.groups()) if p99 else float("nan"),
        "errors": errors + (int(non_2xx.group(1)) if non_2xx else 0),
    }


def profile(env: dict, pages: dict[str, list[str]]) -> None:
    """One request of each page, in-process, under pyinstrument (the first: nothing cached yet)."""
    script = (
        "import os, sys\n"
        "from pyinstrument import Profiler\n"
        "from marketplace import create_app\n"
        "app = create_app()\n"
        "client = app.test_client()\n"
        "for path in sys.argv[1:]:\n"
        "    client.get(path)  # imports and connections warmed; the page itself may now be cached\n"
        "    profiler = Profiler(interval=0.0005)\n"
        "    with profiler:\n"
        "        client.get(path + ('&' if '?' in path else '?') + 'nocache=1')\n"
        "    print('=' * 20, path)\n"
        "    print(profiler.output_text(unicode=True, color=False, show_all=False)[:2500])\n"
    )
    paths = [values[1 % len(values)] for values in pages.values()]
    subprocess.run([str(BIN / "python"), "-c", script, *paths], env=env, cwd=ROOT, check=False)  # noqa: S603


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=None, help="products to import (default 100000; 5000 with --quick)")
    parser.add_argument("--quick", action="store_true", help="5,000 products and short runs")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="a PostgreSQL server (default: SQLite and Whoosh in a temporary folder)",
    )
    parser.add_argument("--seconds", type=int, default=None, help="seconds under load per page (default 15; 4 quick)")
    parser.add_argument("--profile", action="store_true", help="print a pyinstrument profile of each page")
    args = parser.parse_args()
    count = args.n or (5_000 if args.quick else 100_000)
    seconds = args.seconds or (4 if args.quick else 15)
    requests = 40 if args.quick else 200
    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    database_url = postgres_url(args.database_url) if args.database_url else None
    env = environment(database_url, folder / "data")
    backend = f"PostgreSQL{'+Redis' if env.get('REDIS_URL') else ''}" if database_url else "SQLite+Whoosh"
    print(
        f"bench_pages: {count} products on {backend}; {os.cpu_count()} CPU(s), load average "
        f"{os.getloadavg()[0]:.1f} before the run (other work on this machine adds noise); "
        f"a fixed Python loop takes {machine.python_ms():.0f} ms",
        flush=True,
    )
    imported = prepare(env, count, folder)
    print(
        f"import-catalogue: {imported['rows']} rows, {imported['producers']} producers in "
        f"{imported['seconds']:.1f} s = {imported['rows'] / imported['seconds']:.0f} rows/s "
        f"({imported['summary']}); the fixed Python loop now takes {machine.python_ms():.0f} ms",
        flush=True,
    )
    pages = page_paths(targets(env))
    wrk = ensure_wrk()
    hello = hello_world(wrk, env, folder, seconds)
    print(
        f"hello world: {hello:.0f} req/s with {CONNECTIONS} connections "
        f"(load generator: {'wrk' if wrk else 'bench/loadgen.py'})",
        flush=True,
    )
    site, base = serve("wsgi:app", env, folder, "site")
    rows = []
    try:
        for name, paths in pages.items():
            p50, p95, single_errors = single_client(base, paths, requests, seconds * 2)
            load = under_load(wrk, base, paths, seconds, folder)
            rows.append((name, p50, p95, load, single_errors))
            print(f"{name}: measured", flush=True)
    finally:
        stop(site)
    # Hello world again after the pages: a share is taken against the faster of the two runs, so
    # that a slow moment of the machine during one of them cannot flatter the pages.
    hello_after = hello_world(wrk, env, folder, seconds)
    print(
        f"hello world again: {hello_after:.0f} req/s; shares below are of {max(hello, hello_after):.0f}; "
        f"the fixed Python loop now takes {machine.python_ms():.0f} ms",
        flush=True,
    )
    hello = max(hello, hello_after)
    print(f"\n{'page':<14}{'p50 ms':>8}{'p95 ms':>8}{'req/s':>8}{'share':>8}{'p99 ms':>9}{'errors':>8}", flush=True)
    for name, p50, p95, load, single_errors in rows:
        print(
            f"{name:<14}{p50:>8.1f}{p95:>8.1f}{load['rps']:>8.1f}{load['rps'] / hello:>8.3f}"
            f"{load['p99']:>9.0f}{load['errors'] + single_errors:>8}",
            flush=True,
        )
    if args.profile:
        profile(env, pages)
    print(f"\nLoad average after the run: {os.getloadavg()[0]:.1f}. Logs and the CSV: {folder}")


if __name__ == "__main__":
    main()
