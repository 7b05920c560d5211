"""Benchmark: the producer inbox, the unread badge, a producer page's responsiveness badge and the
organiser dashboard with many threads. Run: APP_ENV=testing .venv/bin/python bench/inquiries.py [THREADS]"""

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


def build(app, threads: int):
    from marketplace.catalogue import services as catalogue
    from marketplace.inquiries.models import Inquiry, Message
    from marketplace.producers import services as producers

    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        now = datetime.now(UTC)
        maker = User(
            email="maker@bench.vn", display_name="Maker", password_hash=NO_LOGIN, role="producer", email_verified_at=now
        )
        organiser = User(
            email="org@bench.vn", display_name="Org", password_hash=NO_LOGIN, role="organiser", email_verified_at=now
        )
        buyers = [
            User(
                email=f"b{n}@bench.vn",
                display_name=f"B{n}",
                password_hash=NO_LOGIN,
                role="buyer",
                email_verified_at=now,
            )
            for n in range(50)
        ]
        db.session.add_all([maker, organiser, *buyers])
        db.session.flush()
        coop = producers.create_producer(
            {"name": "HTX Bench", "establishment_type": "cooperative", "province_code": "01"}, created_by=maker
        )
        product = catalogue.create_product(coop, {"code": "B1", "name": "Giỏ", "group_number": 1})
        catalogue.publish_product(product)
        for n in range(threads):
            created = now - timedelta(hours=n % (24 * 360))
            inquiry = Inquiry(
                buyer=buyers[n % 50],
                producer=coop,
                product=product,
                created_at=created,
                last_activity_at=created,
                last_buyer_activity_at=created,
                first_response_at=created + timedelta(hours=2) if n % 3 else None,
            )
            inquiry.messages.append(Message(author=buyers[n % 50], side="buyer", body="Báo giá?", created_at=created))
            db.session.add(inquiry)
        db.session.commit()
        return maker.get_id(), organiser.get_id(), coop.id


def timed(client, path: str, runs: int = 20) -> float:
    client.get(path)  # warm up
    start = time.perf_counter()
    for _ in range(runs):
        assert client.get(path).status_code == 200, path
    return (time.perf_counter() - start) / runs * 1000


def main(threads: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-inquiries-"))
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "bench-secret-key-not-for-production",
            "DATA_DIR": folder,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
            "RATELIMIT_ENABLED": False,
        }
    )
    maker_id, organiser_id, producer_id = build(app, threads)
    results = {}
    for who, user_id, paths in [
        ("producer", maker_id, ["/inquiries", "/inquiries?status=new"]),
        ("organiser", organiser_id, ["/inquiries/dashboard"]),
        ("public", None, [f"/producers/{producer_id}"]),
    ]:
        client = app.test_client()
        if user_id:
            with client.session_transaction() as session:
                session["_user_id"], session["_fresh"] = user_id, True
        for path in paths:
            results[f"{who} {path}"] = timed(client, path)
    print(f"{threads} threads, SQLite, mean of 20 requests:")
    for name, ms in results.items():
        print(f"  {name:<40} {ms:7.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
