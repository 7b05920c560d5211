"""Booking moves show in /metrics once they are committed: a refused or rolled-back hold never counts."""

from marketplace.fairs import services
from tests import factories
from tests.factories import booth, pay
from tests.support import metric_value, scrape_metrics

EVENTS = "cnnt_booking_events_total"


def held(client) -> float:
    return metric_value(scrape_metrics(client), EVENTS, event="held")


def test_a_hold_through_the_api_is_counted_once_and_a_refused_one_not_at_all(client, organiser, bearer, metrics_token):
    fair = factories.fair(organiser, commit=True)
    (user_a, _a), (user_b, _b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    before = held(client)

    taken = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=bearer(user_a))
    refused = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=bearer(user_b))

    assert (taken.status_code, refused.status_code) == (201, 409)
    assert held(client) == before + 1


def test_a_hold_whose_transaction_rolls_back_is_not_counted(client, db, organiser, metrics_token):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    before = held(client)

    services.hold_booth(fair, booth(fair, "S02"), producer, user)
    db.session.rollback()

    assert held(client) == before


def test_payment_due_paid_and_cancelled_are_counted_as_they_commit(client, db, organiser, metrics_token):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    text = scrape_metrics(client)
    before = {event: metric_value(text, EVENTS, event=event) for event in ("payment_due", "paid", "cancelled")}

    first = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.submit_booking(first, None, None)
    pay(first)
    second = services.hold_booth(fair, booth(fair, "S02"), producer, user)
    services.cancel_booking(second, user, "changed my mind", by_staff=False)
    db.session.commit()

    text = scrape_metrics(client)
    after = {event: metric_value(text, EVENTS, event=event) for event in before}
    assert {event: after[event] - before[event] for event in before} == {"payment_due": 1, "paid": 1, "cancelled": 1}
