"""Load and faults: Locust drives a realistic mix (bench/locust_mix.py) against gunicorn with 4 workers
on PostgreSQL, on 127.0.0.1, for a bounded time: once steady, once while a worker is killed, once while
the database restarts. Prints requests/s, p50/p95/p99 and errors for each, how long the site took to
answer again by itself, and whether any request half-wrote (an inquiry without its first message).

Run: `make bench` (or APP_ENV=testing .venv/bin/python bench/bench_load.py). Settings (environment):
BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server; the bench drops and recreates
"<name>_bench_load" there; default: the local PostgreSQL),
BENCH_SECONDS (per run, default 20), BENCH_USERS (default 24), BENCH_FAULTS (default
"worker,database"; "" for the steady run only). The database restart uses pg_ctlcluster and waits
until PostgreSQL answers again.
"""

import csv
import json
import os
import signal
import socket
import subprocess  # noqa: S404  (gunicorn, locust, flask and pg_ctlcluster, with argument lists)
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
_BASE = make_url(
    os.environ.get("BENCH_DATABASE_URL")
    or os.environ.get("TEST_DATABASE_URL")
    or "postgresql+psycopg://postgres@127.0.0.1:5432/cnnt"
)
# A database of its own beside the one named (dropped and recreated), as bench_import.py does.
DATABASE_URL = _BASE.set(drivername="postgresql+psycopg", database=f"{_BASE.database}_bench_load").render_as_string(
    hide_password=False
)
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
USERS = int(os.environ.get("BENCH_USERS", "24"))
FAULTS = [f for f in os.environ.get("BENCH_FAULTS", "worker,database").split(",") if f]
METRICS_TOKEN = "bench-metrics-token-0123456789"  # noqa: S105  (a throwaway server on 127.0.0.1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_database() -> None:
    url = make_url(DATABASE_URL)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": url.database}
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}"'))
        connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    admin.dispose()


def site_environment(data_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "PROMETHEUS_"))}
    env.update(
        APP_ENV="development",
        SECRET_KEY="bench-secret-key-shared-by-all-workers",  # noqa: S106
        DATABASE_URL=DATABASE_URL,
        DATA_DIR=data_dir,
        RATELIMIT_ENABLED="false",
        SEARCH_BACKEND="postgres",
        METRICS_TOKEN=METRICS_TOKEN,
        WEB_CONCURRENCY="4",
    )
    env.pop("REDIS_URL", None)  # rate limits are off: nothing to share between workers
    return env


SETUP = """
import json, sys
from sqlalchemy import select
from marketplace import create_app
from marketplace.extensions import db
from marketplace.accounts.models import User
from marketplace.accounts.services import issue_api_token
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.core.models import utcnow
from marketplace.producers import services as producers
from marketplace.producers.models import Producer
from marketplace.fairs.models import Booth, Fair
from marketplace.awards.models import ACCEPTED, Programme

app = create_app()
with app.app_context():
    # The demo, topped up to a catalogue of a few hundred products where the demo is smaller.
    count = db.session.scalar(select(db.func.count(Product.id)).where(Product.status == PUBLISHED))
    words = ["Gốm men lam", "Giỏ mây", "Nước mắm cốt", "Lụa tơ tằm", "Chè Shan tuyết", "Bàn gỗ", "Khăn thổ cẩm",
             "Mật ong rừng", "Chiếu cói", "Bánh đa"]
    provinces = ["01", "38", "79", "48", "46", "92"]
    for n in range(max(0, (300 - count) // 10)):
        producer = producers.create_producer({"name": f"HTX Bench {n}", "establishment_type": "cooperative",
                                             "province_code": provinces[n % len(provinces)]})
        for i, word in enumerate(words):
            product = catalogue.create_product(producer, {"code": f"B{n}-{i}", "name": f"{word} {n}",
                                                          "group_number": 1 + i % 4, "price_vnd": 50_000 + i * 1000,
                                                          "description": f"{word} làm thủ công, loại {n}."})
            catalogue.publish_product(product)
    tokens = []
    for n in range(40):
        user = User(email=f"buyer{n}@bench.vn", display_name=f"Bench buyer {n}", password_hash="!", role="buyer",
                    locale="vi", email_verified_at=utcnow())
        db.session.add(user)
        db.session.flush()
        tokens.append(issue_api_token(user)[0])
    # Producer accounts, each acting for an establishment of its own, to hold booths at the demo fair.
    producer_tokens = []
    for n in range(40):
        user = User(email=f"producer{n}@bench.vn", display_name=f"Bench producer {n}", password_hash="!",
                    role="producer", locale="vi", email_verified_at=utcnow())
        db.session.add(user)
        db.session.flush()
        establishment = producers.create_producer({"name": f"HTX Gian hàng {n}", "establishment_type": "cooperative",
                                                   "province_code": provinces[n % len(provinces)]})
        producers.add_member(establishment, user)
        producer_tokens.append(issue_api_token(user)[0])
    db.session.commit()
    products = list(db.session.scalars(select(Product.id).where(Product.status == PUBLISHED)))
    producer_ids = list(db.session.scalars(select(Producer.id).where(Producer.is_published.is_(True))))
    fair = db.session.scalar(select(Fair).where(Fair.status == "published").order_by(Fair.id))
    booths = list(db.session.scalars(select(Booth.code).where(Booth.fair_id == fair.id, Booth.blocked.is_(False)))) \
        if fair is not None else []
    programme = next((p for p in db.session.scalars(select(Programme)) if p.voting_open()), None)
    entries = [n.id for n in programme.nominations if n.status == ACCEPTED] if programme is not None else []
    json.dump({"products": products, "producers": producer_ids, "tokens": tokens,
               "producer_tokens": producer_tokens, "fair": fair.id if fair else None, "booths": booths,
               "programme": programme.id if programme else None, "entries": entries}, sys.stdout)
"""


def prepare(env: dict) -> dict:
    recreate_database()
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["seed-demo"]):
        subprocess.run([*flask, *command], env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    out = subprocess.run(
        [str(BIN / "python"), "-c", SETUP],
        env=env,
        cwd=ROOT,
        check=True,  # noqa: S603
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def get(url: str, headers: dict | None = None, timeout: float = 5.0) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wait_until_answering(base: str, paths: list[str], limit: float = 60.0) -> float:
    """Seconds until every path answers 200 five times in a row (the site recovered by itself)."""
    started, streak = time.monotonic(), 0
    while time.monotonic() - started < limit:
        streak = streak + 1 if all(get(base + p) == 200 for p in paths) else 0
        if streak >= 5:
            return time.monotonic() - started
        time.sleep(0.2)
    raise SystemExit(f"the site did not recover within {limit:.0f} s")


def workers_of(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True, check=False)  # noqa: S603,S607
    return [int(p) for p in out.stdout.split()]


def kill_a_worker(master: int) -> str:
    victim = workers_of(master)[0]
    os.kill(victim, signal.SIGKILL)
    return f"killed worker {victim}"


def restart_database(_master: int) -> str:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],  # noqa: S603,S607
        check=True,
        capture_output=True,
    )
    ensure_postgres_running()
    return f"restarted PostgreSQL {version}"


def ensure_postgres_running() -> None:
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:  # noqa: S603,S607
            return
        time.sleep(1)
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False)  # noqa: S603,S607


def run_locust(base: str, data: dict, folder: Path, name: str, fault=None, master: int = 0) -> dict:
    env = {
        **os.environ,
        "BENCH_PRODUCTS": json.dumps(data["products"]),
        "BENCH_PRODUCERS": json.dumps(data["producers"]),
        "BENCH_TOKENS": json.dumps(data["tokens"]),
        "BENCH_PRODUCER_TOKENS": json.dumps(data["producer_tokens"]),
        "BENCH_FAIR": json.dumps(data["fair"]),
        "BENCH_BOOTHS": json.dumps(data["booths"]),
        "BENCH_PROGRAMME": json.dumps(data["programme"]),
        "BENCH_ENTRIES": json.dumps(data["entries"]),
    }
    prefix = folder / name.replace(" ", "_")
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locust_mix.py"),
        "--headless",
        "--only-summary",
        "-u",
        str(USERS),
        "-r",
        str(USERS),
        "-t",
        f"{SECONDS}s",
        "--host",
        base,
        "--csv",
        str(prefix),
        "--loglevel",
        "ERROR",
        "--exit-code-on-error",
        "0",
        "--stop-timeout",
        "3",
    ]
    what = []
    if fault:
        timer = threading.Timer(SECONDS / 3, lambda: what.append(fault(master)))
        timer.start()
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)  # noqa: S603
    figures = aggregated(Path(f"{prefix}_stats.csv"))
    figures["fault"] = what[0] if what else "none"
    return figures


def aggregated(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    return {
        "requests": int(row["Request Count"]),
        "errors": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": row["50%"],
        "p95": row["95%"],
        "p99": row["99%"],
    }


def half_written() -> dict:
    """Rows a request can only write together; a count above 0 means a request half-wrote."""
    engine = create_engine(DATABASE_URL)
    with engine.connect() as connection:
        checks = {
            "inquiries without their first message": connection.scalar(
                text(
                    "SELECT count(*) FROM inquiries i WHERE NOT EXISTS "
                    "(SELECT 1 FROM inquiry_messages m WHERE m.inquiry_id = i.id)"
                )
            ),
            "inquiries written in the runs": connection.scalar(
                text(
                    "SELECT count(*) FROM inquiries i JOIN users u ON u.id = i.buyer_id WHERE u.email LIKE '%@bench.vn'"
                )
            ),
            "booths with two live bookings": connection.scalar(
                text(
                    "SELECT count(*) FROM (SELECT booth_id FROM fair_bookings WHERE booth_id IS NOT NULL AND status IN "
                    "('held', 'applied', 'pending_payment', 'paid') AND (expires_at IS NULL OR expires_at > now()) "
                    "GROUP BY booth_id HAVING count(*) > 1) AS doubled"
                )
            ),
            "booths held in the runs": connection.scalar(
                text(
                    "SELECT count(*) FROM fair_bookings b JOIN users u ON u.id = b.user_id "
                    "WHERE u.email LIKE '%@bench.vn'"
                )
            ),
            "votes for an entry of another group or programme": connection.scalar(
                text(
                    "SELECT count(*) FROM award_votes v JOIN award_nominations n ON n.id = v.nomination_id "
                    "WHERE n.programme_id <> v.programme_id OR n.group_number <> v.group_number"
                )
            ),
            "accounts with two votes in one group": connection.scalar(
                text(
                    "SELECT count(*) FROM (SELECT user_id FROM award_votes GROUP BY programme_id, group_number, user_id "
                    "HAVING count(*) > 1) AS twice"
                )
            ),
            "votes cast in the runs": connection.scalar(
                text(
                    "SELECT count(*) FROM award_votes v JOIN users u ON u.id = v.user_id WHERE u.email LIKE '%@bench.vn'"
                )
            ),
        }
    engine.dispose()
    return checks


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="cnnt-bench-"))
    env = site_environment(str(folder / "data"))
    print(f"Preparing {make_url(DATABASE_URL).database} (migrate, demo data, bench catalogue)...", flush=True)
    data = prepare(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            str(ROOT / "gunicorn.conf.py"),  # noqa: S603
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
    )
    results = []
    try:
        wait_until_answering(base, ["/healthz"])
        probes = ["/healthz", "/products", f"/products/{data['products'][0]}"]
        print(f"gunicorn (4 workers) on {base}: {len(data['products'])} products, {USERS} users, {SECONDS} s a run")
        scenarios = [("steady", None)] + [
            (n, f)
            for n, f in (("worker killed", kill_a_worker), ("database restarted", restart_database))
            if n.split()[0] in FAULTS
        ]
        for name, fault in scenarios:
            figures = run_locust(base, data, folder, name, fault, server.pid)
            figures["recovered_in_s"] = round(wait_until_answering(base, probes), 1)
            results.append((name, figures))
        metrics = get(f"{base}/metrics", {"Authorization": f"Bearer {METRICS_TOKEN}"})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
        ensure_postgres_running()
    report(results, half_written(), metrics, folder)


def report(results, checks: dict, metrics_status: int, folder: Path) -> None:
    print(
        f"\n{'run':<20}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'recovered':>11}  fault"
    )
    for name, f in results:
        print(
            f"{name:<20}{f['requests']:>9}{f['errors']:>8}{f['rps']:>8.1f}{f['p50']:>8}{f['p95']:>8}{f['p99']:>8}"
            f"{f['recovered_in_s']:>10}s  {f['fault']}"
        )
    for what, count in checks.items():
        print(f"{what}: {count}")
    print(f"/metrics with the token (4 workers, multiprocess): HTTP {metrics_status}")
    print(f"Locust CSVs and the gunicorn log: {folder}")
    broken = (
        "inquiries without their first message",
        "booths with two live bookings",
        "votes for an entry of another group or programme",
        "accounts with two votes in one group",
    )
    if any(checks[what] for what in broken):
        raise SystemExit("a request half-wrote or a guard failed: see above")


if __name__ == "__main__":
    main()
