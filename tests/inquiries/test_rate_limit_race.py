"""Rate limits hold under parallel requests (issue 13, item 10): 40 inquiries fired at once at a real
threaded server, by one account, get exactly the account's allowance of 10 through, with the limits
kept in process memory and in Redis (when REDIS_URL is set). Counting after the response let 13 in."""

import http.client
import json
import os
import threading

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from marketplace import create_app
from marketplace.extensions import db as _db
from tests.support import database_url_for, prepare_database

PARALLEL = 40
ACCOUNT_ALLOWANCE = 10  # limits.INQUIRY_ACCOUNT: 10 per hour
# SQLite has one writer: a request whose transaction read before another committed is answered 503
# ("busy, try again", nothing written, nothing counted) and the client tries again, as a real one would.
BUSY_RETRIES = 20

STORAGES = [
    "memory://",
    pytest.param("redis", marks=pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="Redis run: set REDIS_URL")),
]


def _seed(app) -> tuple[int, str]:
    """A published product and one verified buyer with an API token."""
    from marketplace.accounts.models import User
    from marketplace.accounts.services import issue_api_token
    from marketplace.catalogue import services as catalogue
    from marketplace.core.models import utcnow
    from marketplace.producers import services as producers

    with app.app_context():
        owner = User(
            email="owner@race.test",
            display_name="Owner",
            password_hash="x",
            role="producer",
            email_verified_at=utcnow(),
        )
        buyer = User(
            email="buyer@race.test", display_name="Buyer", password_hash="x", role="buyer", email_verified_at=utcnow()
        )
        _db.session.add_all([owner, buyer])
        _db.session.flush()
        producer = producers.create_producer(
            {"name": "HTX Mây tre", "establishment_type": "cooperative", "province_code": "01"}, created_by=owner
        )
        product = catalogue.create_product(producer, {"code": "R1", "name": "Giỏ mây", "group_number": 1})
        catalogue.publish_product(product)
        token = issue_api_token(buyer)[0]
        _db.session.commit()
        seeded = product.id, token
        _db.session.remove()
        return seeded


def _post(port: int, path: str, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            "POST",
            path,
            body=json.dumps({"message": "Xin báo giá 100 chiếc."}),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _fire(port: int, path: str, token: str) -> list[int]:
    start = threading.Barrier(PARALLEL)
    statuses = [0] * PARALLEL

    def run(index: int) -> None:
        start.wait()
        try:
            for _attempt in range(BUSY_RETRIES):
                statuses[index] = _post(port, path, token)
                if statuses[index] != 503:
                    break
        except OSError:
            statuses[index] = -1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return statuses


@pytest.mark.parametrize("storage", STORAGES)
def test_parallel_inquiries_never_overrun_the_account_limit(tmp_path, storage):
    from marketplace.extensions import limiter
    from marketplace.inquiries.models import Inquiry

    storage_uri = os.environ["REDIS_URL"] if storage == "redis" else storage
    url = database_url_for("ratelimit_race", tmp_path)
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "rate-limit-race-secret-key",
            "DATA_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_STORAGE_URI": storage_uri,
            "JOBS_REDIS_URL": None,
        }
    )
    prepare_database(app)
    product_id, token = _seed(app)
    limiter.reset()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        statuses = _fire(server.server_port, f"/api/v1/products/{product_id}/inquiries", token)
    finally:
        server.shutdown()
        serving.join(timeout=10)
        limiter.reset()

    assert sorted(set(statuses)) == [201, 429], statuses
    assert statuses.count(201) == ACCOUNT_ALLOWANCE, statuses
    with app.app_context():
        assert _db.session.scalar(select(func.count(Inquiry.id))) == ACCOUNT_ALLOWANCE
        _db.session.remove()
        _db.engine.dispose()
