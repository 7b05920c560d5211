"""Benchmark: a large fair (1,000 booths in 5 halls, 600 live bookings): the public plan page, the
booths API, a booth page, the organiser's desk and occupancy, the report and exports, the exhibitor
directory and its PDF, and holding booths one after another.
Run: .venv/bin/python bench/bench_fairs.py [BOOTHS] (or make bench)"""

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask_migrate import upgrade

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db

NO_LOGIN = "!"  # noqa: S105  (no password hash matches it: benchmark accounts sign in by session only)
HALLS = 5


def _fair(organiser, booths: int):
    from marketplace.fairs import organise, rules

    today = rules.today_in_vietnam()
    fair = organise.create_fair(
        {
            "name": "Bench fair",
            "venue": "Nhà triển lãm",
            "province_code": "01",
            "booking_mode": "first_come",
            "starts_on": today + timedelta(days=30),
            "ends_on": today + timedelta(days=33),
            "registration_opens_on": today,
            "registration_closes_on": today + timedelta(days=20),
            "max_booths_per_producer": 3,
            "subsidy_percent": 50,
            "subsidy_budget_vnd": 10_000_000_000,
        },
        organiser,
    )
    standard = organise.save_booth_type(fair, {"code": "standard", "name": "Tiêu chuẩn", "price_vnd": 6_000_000})
    per_hall, per_row = booths // HALLS, 20
    for h in range(HALLS):
        depth = 4 * (per_hall // per_row) + 2
        hall = organise.save_hall(fair, {"name": f"Nhà {h + 1}", "width_m": 64, "depth_m": depth})
        for r in range(per_hall // per_row):
            organise.add_booth_row(
                hall,
                standard,
                {"prefix": f"{chr(65 + h)}{r:02d}-", "start": 1, "count": per_row, "x": 1, "y": 1 + 4 * r},
            )
    organise.publish_fair(fair, organiser)
    return fair


def build(app, booths: int):
    from marketplace.fairs.models import Booking, Booth
    from marketplace.producers import services as producers

    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        now = datetime.now(UTC)
        organiser = User(
            email="org@bench.vn", display_name="Org", password_hash=NO_LOGIN, role="organiser", email_verified_at=now
        )
        makers = [
            User(
                email=f"p{n}@bench.vn",
                display_name=f"P{n}",
                password_hash=NO_LOGIN,
                role="producer",
                email_verified_at=now,
            )
            for n in range(320)
        ]
        db.session.add_all([organiser, *makers])
        db.session.flush()
        fair = _fair(organiser, booths)
        establishments = []
        for n, maker in enumerate(makers):
            producer = producers.create_producer(
                {"name": f"Cơ sở {n}", "establishment_type": "household", "province_code": "01"}
            )
            producers.add_member(producer, maker)
            establishments.append(producer)
        all_booths = db.session.scalars(db.select(Booth).where(Booth.fair_id == fair.id).order_by(Booth.id)).all()
        statuses = ("paid", "pending_payment", "held", "applied")
        for n, booth in enumerate(all_booths[: booths * 6 // 10]):
            status = statuses[n % 4]
            db.session.add(
                Booking(
                    fair_id=fair.id,
                    booth_id=booth.id,
                    booth_type_id=booth.booth_type_id,
                    producer_id=establishments[n % 300].id,
                    status=status,
                    list_price_vnd=6_000_000,
                    subsidy_vnd=0,
                    expires_at=now + timedelta(hours=1) if status in ("held", "pending_payment") else None,
                )
            )
        db.session.commit()
        free = [b.code for b in all_booths[booths * 6 // 10 :]]
        return fair.id, organiser.get_id(), [m.get_id() for m in makers[300:]], free


def timed(client, path: str, runs: int = 20) -> float:
    client.get(path)  # warm up
    start = time.perf_counter()
    for _ in range(runs):
        assert client.get(path).status_code == 200, path
    return (time.perf_counter() - start) / runs * 1000


def signed_in(app, user_id):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user_id, True
    return client


def main(booths: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-fairs-"))
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATA_DIR": folder,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "RATELIMIT_ENABLED": False,
        }
    )
    fair_id, organiser_id, maker_ids, free = build(app, booths)
    public, desk = app.test_client(), signed_in(app, organiser_id)
    results = {
        f"public /fairs/{fair_id}": timed(public, f"/fairs/{fair_id}"),
        f"public /api/v1/fairs/{fair_id}/booths": timed(public, f"/api/v1/fairs/{fair_id}/booths"),
        f"public /fairs/{fair_id}/booths/{free[0]}": timed(public, f"/fairs/{fair_id}/booths/{free[0]}"),
        f"organiser /fairs/manage/{fair_id}/bookings": timed(desk, f"/fairs/manage/{fair_id}/bookings"),
        "organiser desk, search by name": timed(desk, f"/fairs/manage/{fair_id}/bookings?q=co+so+17"),
        f"organiser /fairs/manage/{fair_id}/report": timed(desk, f"/fairs/manage/{fair_id}/report"),
        "organiser exhibitors.csv (600 live)": timed(desk, f"/fairs/manage/{fair_id}/exhibitors.csv", runs=5),
        "organiser exhibitors.xlsx (600 live)": timed(desk, f"/fairs/manage/{fair_id}/exhibitors.xlsx", runs=5),
        f"public /fairs/{fair_id}/exhibitors (150 paid)": timed(public, f"/fairs/{fair_id}/exhibitors"),
        f"public /fairs/{fair_id}/exhibitors.pdf": timed(public, f"/fairs/{fair_id}/exhibitors.pdf", runs=5),
    }
    holds = []
    for user_id, code in zip(maker_ids, free, strict=False):
        client = signed_in(app, user_id)
        page = client.get(f"/fairs/{fair_id}/booths/{code}").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        producer = page.split('name="producer" value="', 1)[1].split('"', 1)[0]
        start = time.perf_counter()
        response = client.post(f"/fairs/{fair_id}/booths/{code}/hold", data={"csrf_token": token, "producer": producer})
        holds.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 303, response.status_code
    print(f"{booths} booths, {booths * 6 // 10} live bookings, SQLite, mean of 20 requests:")
    for name, ms in results.items():
        print(f"  {name:<48} {ms:7.1f} ms")
    print(f"  {'hold a booth (POST, ' + str(len(holds)) + ' in a row)':<48} {sum(holds) / len(holds):7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000)
