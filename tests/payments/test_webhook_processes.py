"""Duplicates arriving at the same moment in different processes: the site runs under gunicorn with
several worker processes on its own database, and the same signed event is fired at it in parallel."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select

from marketplace import create_app
from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db
from marketplace.payments import ledger, services
from marketplace.payments.models import PaymentTransaction, StripeEvent
from tests.payments.conftest import API_KEY, TEST_KIND, WEBHOOK_SECRET
from tests.payments.stripe_standin import StripeStandIn
from tests.support import database_url_for, prepare_database

WORKERS = 3


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(base_url: str, server: subprocess.Popen, log_path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{base_url}/healthz", timeout=2):  # noqa: S310  (127.0.0.1)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    pytest.fail(f"gunicorn did not start:\n{log_path.read_text()}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated database of its own, two invoices in it, and gunicorn serving it with several workers."""
    data_dir = tmp_path_factory.mktemp("processes")
    url = database_url_for("processes", data_dir)
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "processes-test-secret-key",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": url,
        }
    )
    prepare_database(app)
    with app.app_context():
        from marketplace.accounts.models import User

        payer = User(email="payer@example.vn", display_name="Payer", password_hash="x", role="producer")
        db.session.add(payer)
        references = []
        for payable_id in (1, 2):
            invoice = services.request_payment(
                payable_kind=TEST_KIND,
                payable_id=payable_id,
                payer_user=payer,
                payer=services.Party("HTX"),
                seller=services.Party("Trung tâm"),
                lines=[services.Line("Gian hàng", 2_000_000, 500_000)],
                description="Gian hàng",
            )
            references.append(invoice.reference)
        db.session.commit()
    port = _free_port()
    log_path = data_dir / "gunicorn.log"
    env = {
        **os.environ,
        "APP_ENV": "testing",
        "SECRET_KEY": "processes-test-secret-key",
        "DATABASE_URL": url,
        "DATA_DIR": str(data_dir),
        "STRIPE_SECRET_KEY": API_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "RATELIMIT_ENABLED": "false",
    }
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "60",
                "wsgi:app",
            ],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, server, log_path)
        yield {"app": app, "url": base_url, "references": references}
    finally:
        server.terminate()
        server.wait(timeout=20)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def _fire_together(base_url: str, bodies: list[bytes], standin: StripeStandIn) -> list[tuple[int, dict]]:
    barrier = threading.Barrier(len(bodies))
    answers: list = [None] * len(bodies)

    def send(index: int, body: bytes) -> None:
        request = urllib.request.Request(
            f"{base_url}/payments/stripe/webhook",
            data=body,
            method="POST",
            headers={  # noqa: S310
                "Content-Type": "application/json",
                "Stripe-Signature": standin.sign(body),
            },
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310  (127.0.0.1)
                answers[index] = (response.status, json.loads(response.read()))
        except urllib.error.HTTPError as error:
            answers[index] = (error.code, {})

    threads = [threading.Thread(target=send, args=(i, body)) for i, body in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return answers


def _session(reference: str, session_id: str) -> dict:
    return {
        "id": session_id,
        "object": "checkout.session",
        "amount_total": 1_500_000,
        "currency": "vnd",
        "payment_status": "paid",
        "status": "complete",
        "payment_intent": "pi_" + session_id[3:],
        "metadata": {"invoice_reference": reference},
        "client_reference_id": reference,
    }


def _ledger(app, reference: str):
    with app.app_context():
        invoice = db.session.scalar(select(services.Invoice).where(services.Invoice.reference == reference))
        entries = db.session.scalars(select(PaymentTransaction).where(PaymentTransaction.invoice_id == invoice.id))
        standing = ledger.standing_of(invoice)
        result = ([e.status for e in entries], standing.status, standing.needs_attention)
        db.session.remove()
        return result


def test_simultaneous_duplicates_in_several_processes_record_the_payment_once(site):
    standin = StripeStandIn(API_KEY, WEBHOOK_SECRET)
    event = standin.event("checkout.session.completed", _session(site["references"][0], "cs_test_processes_one"))
    body = json.dumps(event).encode()

    answers = _fire_together(site["url"], [body] * 6, standin)

    assert [status for status, _ in answers] == [200] * 6
    assert sorted(a.get("duplicate", False) for _, a in answers) == [False] + [True] * 5
    assert _ledger(site["app"], site["references"][0]) == (["succeeded"], "paid", False)
    with site["app"].app_context():
        assert db.session.scalar(select(StripeEvent.outcome).where(StripeEvent.id == event["id"])) == "succeeded"
        db.session.remove()


def test_two_different_payments_at_once_for_one_invoice_count_once_and_hold_the_other(site):
    """Different events, so the event table cannot help: the invoice's lock must."""
    standin = StripeStandIn(API_KEY, WEBHOOK_SECRET)
    reference = site["references"][1]
    bodies = [
        json.dumps(standin.event("checkout.session.completed", _session(reference, f"cs_test_twin_{n}"))).encode()
        for n in (1, 2)
    ]

    answers = _fire_together(site["url"], bodies, standin)

    assert sorted(a["outcome"] for _, a in answers) == ["held", "succeeded"]
    statuses, status, needs_attention = _ledger(site["app"], reference)
    assert sorted(statuses) == ["held", "succeeded"] and status == "paid" and needs_attention
