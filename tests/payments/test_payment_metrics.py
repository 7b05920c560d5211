"""Ledger entries show in /metrics by provider and status, with their amount in VND."""

from tests import factories
from tests.conftest import post_form
from tests.support import metric_value, scrape_metrics


def test_a_confirmed_transfer_is_counted_with_its_amount(client, login, make_user, bank_on, db, metrics_token):
    invoice = factories.invoice(commit=True)
    labels = {"provider": "bank_transfer", "status": "succeeded"}
    text = scrape_metrics(client)
    entries, amount = (
        metric_value(text, "cnnt_payment_entries_total", **labels),
        metric_value(text, "cnnt_payment_vnd_total", **labels),
    )
    login(make_user("organiser"))
    page = f"/payments/{invoice.reference}"

    confirmed = post_form(client, page, f"{page}/confirm-transfer", {"amount_vnd": 1_000_000})

    assert confirmed.status_code == 303
    text = scrape_metrics(client)
    assert metric_value(text, "cnnt_payment_entries_total", **labels) == entries + 1
    assert metric_value(text, "cnnt_payment_vnd_total", **labels) == amount + 1_000_000
