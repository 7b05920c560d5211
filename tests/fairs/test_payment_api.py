"""`POST /api/v1/bookings/{id}/checkout` (api-v1.md) and the payments `GET /api/v1/bookings/{id}` lists,
through real HTTP requests, Stripe's local stand-in and the real database."""

from datetime import timedelta

import pytest

from marketplace.core.models import utcnow
from marketplace.fairs import payment_link, services
from marketplace.fairs.models import Booking
from marketplace.payments import settlement, vietqr
from tests import factories
from tests.factories import booth

DUE = 4_000_000


@pytest.fixture
def held(client, organiser, bearer):
    """(booking id, headers of its producer): a booth held through the API, not submitted yet."""
    fair = factories.fair(
        organiser, subsidy_percent=50, subsidy_cap_vnd=2_000_000, subsidy_budget_vnd=20_000_000, commit=True
    )
    user, _producer = factories.producer_account(commit=True)
    headers = bearer(user)
    answer = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=headers)
    assert answer.status_code == 201
    return answer.get_json()["id"], headers


def checkout(client, booking_id, headers, provider):
    return client.post(f"/api/v1/bookings/{booking_id}/checkout", json={"provider": provider}, headers=headers)


def test_bank_transfer_checkout_submits_the_hold_and_answers_the_vietqr_details(client, db, held, bank_on):
    booking_id, headers = held

    answer = checkout(client, booking_id, headers, "bank_transfer")

    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert set(body) == {"reference", "vietqr", "amount_vnd"} and body["amount_vnd"] == DUE
    booking = db.session.get(Booking, booking_id)
    assert booking.expires_at > utcnow() + timedelta(hours=100)  # a transfer's longer hold, not 72 h
    decoded = vietqr.decode(body["vietqr"])
    assert decoded["note"] == body["reference"] and decoded["amount"] == DUE
    detail = client.get(f"/api/v1/bookings/{booking_id}", headers=headers).get_json()
    assert detail["status"] == "pending_payment" and detail["payments"] == []

    settlement.confirm_transfer_by_hand(payment_link.invoice_of(booking), DUE, None)
    db.session.commit()
    detail = client.get(f"/api/v1/bookings/{booking_id}", headers=headers).get_json()
    assert detail["status"] == "paid"
    assert detail["payments"] == [{"provider": "bank_transfer", "status": "succeeded", "amount_vnd": DUE}]
    again = checkout(client, booking_id, headers, "bank_transfer")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "already_paid"


def test_stripe_checkout_answers_the_checkout_url_and_the_booking_lists_the_attempt(client, held, stripe_on):
    booking_id, headers = held

    answer = checkout(client, booking_id, headers, "stripe")

    assert answer.status_code == 201, answer.get_json()
    assert set(answer.get_json()) == {"checkout_url"}
    assert answer.get_json()["checkout_url"].startswith(stripe_on.base_url + "/pay/cs_test_")
    detail = client.get(f"/api/v1/bookings/{booking_id}", headers=headers).get_json()
    assert detail["status"] == "pending_payment"
    assert detail["payments"] == [{"provider": "stripe", "status": "pending", "amount_vnd": DUE}]


def test_only_the_bookings_producer_may_start_paying(client, held, make_user, bearer, bank_on):
    booking_id, _headers = held
    other, _ = factories.producer_account(commit=True)

    assert checkout(client, booking_id, bearer(other), "bank_transfer").status_code == 404
    assert checkout(client, booking_id, bearer(make_user("buyer")), "bank_transfer").status_code == 404
    assert checkout(client, booking_id, bearer(make_user("organiser")), "bank_transfer").status_code == 403
    assert checkout(client, booking_id, {}, "bank_transfer").status_code == 401
    assert checkout(client, 10**8, bearer(other), "bank_transfer").status_code == 404


@pytest.mark.parametrize("body", [{"provider": "cash"}, {"provider": None}, {}, {"provider": ["stripe"]}])
def test_an_unknown_provider_is_422_and_changes_nothing(client, db, held, body):
    booking_id, headers = held

    answer = client.post(f"/api/v1/bookings/{booking_id}/checkout", json=body, headers=headers)

    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "unknown_provider"
    assert client.get(f"/api/v1/bookings/{booking_id}", headers=headers).get_json()["status"] == "held"


def test_a_provider_that_is_not_configured_is_422_and_the_booking_stays_held(client, held):
    booking_id, headers = held

    answer = checkout(client, booking_id, headers, "bank_transfer")  # no BANK_* settings in this test

    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "provider_unavailable"
    detail = client.get(f"/api/v1/bookings/{booking_id}", headers=headers).get_json()
    assert detail["status"] == "held" and detail["payments"] == []


def test_a_body_that_is_not_json_is_400(client, held):
    booking_id, headers = held
    answer = client.post(f"/api/v1/bookings/{booking_id}/checkout", data="provider=stripe", headers=headers)
    assert answer.status_code == 400


def test_a_cancelled_booking_cannot_be_paid(client, db, held, bank_on):
    booking_id, headers = held
    booking = db.session.get(Booking, booking_id)
    services.cancel_booking(booking, booking.user, "Đổi kế hoạch", by_staff=False)
    db.session.commit()

    answer = checkout(client, booking_id, headers, "bank_transfer")

    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "not_payable"


def test_an_approval_fairs_application_cannot_be_paid_before_approval(client, db, organiser, bearer, bank_on):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.submit_booking(booking, None, None)
    db.session.commit()

    answer = checkout(client, booking.id, bearer(user), "bank_transfer")

    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "not_payable"


def test_checkout_attempts_are_limited_to_ten_a_minute(client, held):
    booking_id, headers = held

    statuses = [checkout(client, booking_id, headers, "bank_transfer").status_code for _ in range(11)]

    assert 429 not in statuses[:10] and statuses[10] == 429  # bank transfer is not configured here: 422s
