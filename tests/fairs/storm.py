"""A booking storm against a real multi-process server: gunicorn with 4 workers on its own
database, many producers asking for the same booths at the same instant, then the database is
asked whether any booth ended with two live bookings."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from marketplace import create_app
from marketplace.config import PROJECT_ROOT
from tests.support import database_url_for, prepare_database

WORKERS, THREADS = 4, 16  # 64 request slots: every request of the storm is in flight at once
BOOTHS = ("S01", "S02", "S03", "S04")
CONTENDERS_PER_BOOTH = 12
GREEDY_ATTEMPTS = 8  # one producer (limit: 1 booth) asks for 8 different booths at once
SUBSIDY_BUDGET = 5_000_000  # two booths' worth of subsidy (50% of 5.000.000 ₫ each)


@dataclass
class Storm:
    url: str
    data_dir: Path
    fair_id: int = 0
    tokens: list[str] = field(default_factory=list)  # one per contending producer
    greedy_token: str = ""
    greedy_producer_id: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(tag: str, data_dir: Path) -> Storm:
    """A migrated database holding one open first-come fair, 4 + 8 booths and the producers."""
    storm = Storm(database_url_for(tag, data_dir), data_dir)
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "storm-secret-key-for-tests-only",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": storm.url,
        }
    )
    prepare_database(app)
    with app.app_context():
        _seed(storm)
    with app.app_context():
        from marketplace.extensions import db

        db.engine.dispose()
    return storm


def _seed(storm: Storm) -> None:
    from marketplace.accounts.models import User
    from marketplace.accounts.services import issue_api_token
    from marketplace.core.models import utcnow
    from marketplace.extensions import db
    from marketplace.fairs import organise
    from marketplace.producers import services as producers
    from tests.factories import fair_values

    organiser = User(email="storm-organiser@example.vn", display_name="O", password_hash="x", role="organiser")
    db.session.add(organiser)
    # The budget covers exactly two subsidies of 2.500.000 ₫: the storm must not overspend it either.
    fair = organise.create_fair(
        fair_values(max_booths_per_producer=1, subsidy_percent=50, subsidy_budget_vnd=SUBSIDY_BUDGET), organiser
    )
    standard = organise.save_booth_type(fair, {"code": "standard", "name": "Tiêu chuẩn", "price_vnd": 5_000_000})
    hall = organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 10})
    organise.add_booth_row(hall, standard, {"prefix": "S", "start": 1, "count": len(BOOTHS), "x": 1, "y": 1})
    organise.add_booth_row(hall, standard, {"prefix": "G", "start": 1, "count": GREEDY_ATTEMPTS, "x": 1, "y": 5})
    organise.publish_fair(fair, organiser)
    for n in range(len(BOOTHS) * CONTENDERS_PER_BOOTH + 1):
        # Confirmed: an unconfirmed email acts for no producer (issue 13).
        user = User(
            email=f"storm{n}@example.vn",
            display_name=f"P{n}",
            password_hash="x",
            role="producer",
            email_verified_at=utcnow(),
        )
        db.session.add(user)
        producer = producers.create_producer(
            {"name": f"Cơ sở {n}", "establishment_type": "household", "province_code": "01"}
        )
        producers.add_member(producer, user)
        raw, _token = issue_api_token(user)
        if n == 0:
            storm.greedy_token, storm.greedy_producer_id = raw, producer.id
        else:
            storm.tokens.append(raw)
    db.session.commit()
    storm.fair_id = fair.id


class Server:
    """gunicorn, 4 worker processes with 16 threads each, on a free port of 127.0.0.1."""

    def __init__(self, storm: Storm, app_module: str = "wsgi:app"):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "TEST_DATABASE_URL")}
        env.update(
            {
                "APP_ENV": "testing",
                "DATABASE_URL": storm.url,
                "DATA_DIR": str(storm.data_dir),
                "SECRET_KEY": "storm-secret-key-for-tests-only",
                "RATELIMIT_ENABLED": "false",
            }
        )
        self.log = open(storm.data_dir / f"gunicorn-{self.port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(WORKERS),
                "--threads",
                str(THREADS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
                app_module,
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log.name}")
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def request(port: int, method: str, path: str, body=None, token: str | None = None) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        return response.status, (json.loads(raw) if raw.startswith(b"{") else {})
    finally:
        connection.close()


def fire(storm: Storm, port: int) -> list[tuple[int, str]]:
    """Every request released at the same instant: 12 producers per booth, and the greedy producer
    asking for 8 booths at once. Returns (status, booth_code) for each."""
    path = f"/api/v1/fairs/{storm.fair_id}/bookings"
    plan = [(storm.tokens[i], BOOTHS[i % len(BOOTHS)]) for i in range(len(storm.tokens))]
    plan += [(storm.greedy_token, f"G{n:02d}") for n in range(1, GREEDY_ATTEMPTS + 1)]
    start = threading.Barrier(len(plan))
    results: list[tuple[int, str]] = [(0, "")] * len(plan)

    def run(index: int, token: str, code: str) -> None:
        start.wait()
        try:
            results[index] = (request(port, "POST", path, {"booth_code": code}, token)[0], code)
        except OSError as error:
            results[index] = (-1, f"{code}: {error}")

    threads = [threading.Thread(target=run, args=(i, t, c)) for i, (t, c) in enumerate(plan)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def live_bookings_per_booth(storm: Storm) -> dict[str, int]:
    """What the database holds after the storm: booth code -> number of live bookings."""
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "storm-secret-key-for-tests-only",
            "DATA_DIR": storm.data_dir,
            "SQLALCHEMY_DATABASE_URI": storm.url,
        }
    )
    from marketplace.extensions import db
    from marketplace.fairs.models import BOOTH_LIVE, Booking, Booth

    with app.app_context():
        rows = db.session.execute(
            select(Booth.code, func.count(Booking.id))
            .join(Booking, Booking.booth_id == Booth.id)
            .where(Booking.status.in_(BOOTH_LIVE))
            .group_by(Booth.code)
        ).all()
        db.session.remove()
        db.engine.dispose()
    return dict(rows)


def subsidy_state(storm: Storm) -> tuple[int, int, int]:
    """(subsidy the fair counts as promised, subsidy the live bookings carry, bookings subsidised)."""
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "storm-secret-key-for-tests-only",
            "DATA_DIR": storm.data_dir,
            "SQLALCHEMY_DATABASE_URI": storm.url,
        }
    )
    from marketplace.extensions import db
    from marketplace.fairs.models import ACTIVE, Booking, Fair

    with app.app_context():
        committed = db.session.get(Fair, storm.fair_id).subsidy_committed_vnd
        carried, subsidised = db.session.execute(
            select(func.coalesce(func.sum(Booking.subsidy_vnd), 0), func.count(Booking.id)).where(
                Booking.status.in_(ACTIVE), Booking.subsidy_vnd > 0
            )
        ).one()
        db.session.remove()
        db.engine.dispose()
    return committed, carried, subsidised


def drop_the_unique_guard(storm: Storm) -> None:
    """For the negative control only: remove the database's last line of defence."""
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "storm-secret-key-for-tests-only",
            "DATA_DIR": storm.data_dir,
            "SQLALCHEMY_DATABASE_URI": storm.url,
        }
    )
    from marketplace.extensions import db

    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP INDEX uq_fair_bookings_live_booth"))
        db.engine.dispose()
