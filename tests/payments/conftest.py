"""Payments fixtures: a Stripe stand-in on 127.0.0.1, Stripe and bank settings switched on per test,
a payable kind of the tests' own (tests.factories.invoice makes invoices of it), signed events."""

import json
import re

import pytest

from marketplace.core import signals
from marketplace.payments.payables import register_payable_kind
from tests.conftest import post_form
from tests.factories import TEST_KIND
from tests.payments.stripe_standin import StripeStandIn

API_KEY = "sk_test_standin_key"
WEBHOOK_SECRET = "whsec_test_standin_secret"
BANK = {"BANK_ACCOUNT_NAME": "TRUNG TAM KHUYEN CONG", "BANK_BIN": "970436", "BANK_ACCOUNT_NUMBER": "0011001800879"}


@pytest.fixture(scope="session")
def stripe_standin():
    standin = StripeStandIn(API_KEY, WEBHOOK_SECRET)
    standin.start()
    yield standin
    standin.stop()


def _override(app, values: dict):
    saved = {key: app.config.get(key) for key in values}
    app.config.update(values)
    return saved


@pytest.fixture
def stripe_on(app, stripe_standin):
    """Stripe configured for this test, talking to the stand-in."""
    saved = _override(
        app,
        {
            "STRIPE_SECRET_KEY": API_KEY,
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": stripe_standin.base_url,
        },
    )
    stripe_standin.fail_next = 0
    yield stripe_standin
    app.config.update(saved)


@pytest.fixture
def bank_on(app):
    saved = _override(app, BANK)
    yield BANK
    app.config.update(saved)


@pytest.fixture(scope="session", autouse=True)
def _test_payable_kind():
    register_payable_kind(TEST_KIND, link=lambda payable_id: f"/test-fees/{payable_id}")


@pytest.fixture
def paid_signals():
    """Every invoice_paid and invoice_refunded sent during the test, in order."""
    heard = []

    def on_paid(invoice, **_):
        heard.append(("paid", invoice.reference))

    def on_refunded(invoice, amount_vnd, fully, **_):
        heard.append(("refunded", invoice.reference, amount_vnd, fully))

    signals.invoice_paid.connect(on_paid)
    signals.invoice_refunded.connect(on_refunded)
    yield heard
    signals.invoice_paid.disconnect(on_paid)
    signals.invoice_refunded.disconnect(on_refunded)


def post_event(client, standin, event: dict, timestamp=None, secret=None, signature=None):
    body = json.dumps(event).encode()
    header = signature if signature is not None else standin.sign(body, timestamp, secret)
    headers = {"Stripe-Signature": header} if header else {}
    return client.post("/payments/stripe/webhook", data=body, headers=headers, content_type="application/json")


def start_card_payment(client, invoice) -> str:
    """Press "Pay by card" on the invoice page; return the Checkout Session id Stripe made."""
    page = f"/payments/{invoice.reference}"
    response = post_form(client, page, f"{page}/stripe")
    assert response.status_code == 303, response.get_data(as_text=True)
    match = re.search(r"/pay/(cs_test_\w+)$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)
