"""Booth fees paid through payments, through the app and the real database: the invoice a submitted
booking gets, a bank transfer's longer hold, Stripe's signed webhook, a bank statement and the
organiser's confirmation marking the booking paid, cancellations, refunds, and money that arrives
after the booth went to someone else."""

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.core.audit import AuditEvent
from marketplace.core.models import utcnow
from marketplace.fairs import locking, payment_link, services
from marketplace.fairs.models import Booking
from marketplace.payments import ledger, statements
from marketplace.payments.models import PaymentTransaction
from tests import factories
from tests.conftest import csrf_token_from, post_form
from tests.factories import booth
from tests.payments.conftest import post_event, start_card_payment

PRICE, SUBSIDY, DUE = 6_000_000, 2_000_000, 4_000_000


@pytest.fixture
def subsidised_fair(organiser):
    """First come, first served; 50 % of a 6.000.000 ₫ standard booth, capped at 2.000.000 ₫."""
    return factories.fair(
        organiser, subsidy_percent=50, subsidy_cap_vnd=SUBSIDY, subsidy_budget_vnd=20_000_000, commit=True
    )


@pytest.fixture
def producer(db):
    user, producer = factories.producer_account(name="HTX Mây tre đan Phú Vinh", commit=True)
    producer.tax_code, producer.address, producer.email = "0101234567", "Thôn Phú Vinh", "htx@example.vn"
    db.session.commit()
    return user, producer


def submit_through_the_site(client, login, db, fair, user, producer, code="S01") -> Booking:
    """Hold a booth on its page and submit the booking, as the producer does in a browser."""
    login(user)
    page = f"/fairs/{fair.id}/booths/{code}"
    held = client.post(
        f"{page}/hold",
        data={"csrf_token": csrf_token_from(client.get(page).get_data(as_text=True)), "producer": producer.id},
    )
    assert held.status_code == 303, held.get_data(as_text=True)
    booking_url = held.headers["Location"]
    submitted = post_form(client, booking_url, f"{booking_url}/submit", {"note": ""})
    assert submitted.status_code == 303
    return db.session.scalar(
        select(Booking).where(Booking.producer_id == producer.id, Booking.booth_id == booth(fair, code).id)
    )


@pytest.fixture
def pending(client, login, db, subsidised_fair, producer):
    """(booking, invoice): a booking submitted on the site, waiting for payment."""
    user, establishment = producer
    booking = submit_through_the_site(client, login, db, subsidised_fair, user, establishment)
    return booking, payment_link.invoice_of(booking)


def organiser_client(app, login, organiser):
    other = app.test_client()
    login(organiser, other)
    return other


def fresh(db, booking) -> Booking:
    db.session.expire_all()
    return db.session.get(Booking, booking.id)


def test_a_submitted_booking_gets_an_invoice_for_the_price_less_the_subsidy(client, app, db, pending, producer):
    booking, invoice = pending

    assert booking.status == "pending_payment"
    assert invoice is not None and invoice.amount_vnd == DUE
    assert [(x.description, x.list_price_vnd, x.subsidy_vnd, x.amount_vnd) for x in invoice.lines] == [
        ("Gian tiêu chuẩn S01", PRICE, SUBSIDY, DUE)
    ]
    assert (invoice.payer_name, invoice.payer_tax_code) == ("HTX Mây tre đan Phú Vinh", "0101234567")
    assert invoice.payer_address.startswith("Thôn Phú Vinh") and invoice.payer_producer_id == producer[1].id
    assert invoice.seller_name == app.config["CENTRE_NAME"]
    assert (invoice.context_kind, invoice.context_id) == ("fair", booking.fair_id)
    assert invoice.due_at == booking.expires_at

    page = client.get(f"/fairs/bookings/{booking.id}").get_data(as_text=True)
    assert f'href="/payments/{invoice.reference}"' in page and "4.000.000" in page
    assert client.get(f"/payments/{invoice.reference}").status_code == 200


def test_choosing_a_bank_transfer_keeps_the_booth_longer(client, app, db, pending, bank_on):
    booking, invoice = pending
    first_deadline = booking.expires_at

    page = f"/payments/{invoice.reference}"
    chosen = post_form(client, page, f"{page}/bank-transfer")

    assert chosen.status_code == 303
    booking = fresh(db, booking)
    hours = app.config["FAIRS_TRANSFER_HOLD_HOURS"]
    assert booking.expires_at > first_deadline
    assert abs(booking.expires_at - (utcnow() + timedelta(hours=hours))) < timedelta(minutes=5)
    assert payment_link.invoice_of(booking).due_at == booking.expires_at


def test_a_signed_stripe_webhook_marks_the_booking_paid_once(client, db, pending, stripe_on):
    booking, invoice = pending
    session_id = start_card_payment(client, invoice)
    event = stripe_on.event("checkout.session.completed", stripe_on.pay(session_id))

    assert post_event(client, stripe_on, event).status_code == 200
    paid_at = fresh(db, booking).paid_at
    again = post_event(client, stripe_on, event)

    assert again.status_code == 200 and again.get_json()["duplicate"] is True
    booking = fresh(db, booking)
    assert booking.status == "paid" and booking.paid_at == paid_at
    assert (
        db.session.scalar(
            select(func.count()).where(
                PaymentTransaction.invoice_id == invoice.id, PaymentTransaction.status == "succeeded"
            )
        )
        == 1
    )
    assert payment_link.payment_state(booking).status == "paid"


def test_a_matched_bank_statement_marks_the_booking_paid(client, app, db, login, pending, organiser, bank_on):
    booking, invoice = pending
    desk = organiser_client(app, login, organiser)
    csv = f'Ngày,Số tiền,Nội dung\n12/03/2026,"4.000.000","HTX PHU VINH CK {invoice.reference}"\n'
    form = desk.get("/payments/manage/statements").get_data(as_text=True)
    uploaded = desk.post(
        "/payments/manage/statements",
        content_type="multipart/form-data",
        data={"csrf_token": csrf_token_from(form), "statement": (io.BytesIO(csv.encode()), "sao-ke.csv")},
    )
    assert uploaded.status_code == 303, uploaded.get_data(as_text=True)
    preview = uploaded.headers["Location"]
    lines = statements.match(statements.read_statement(csv))
    assert [line.outcome for line in lines] == ["matched"]

    applied = post_form(desk, preview, f"{preview}/apply")

    assert applied.status_code == 303
    assert fresh(db, booking).status == "paid"


def test_the_organiser_confirming_a_transfer_by_hand_marks_the_booking_paid(app, db, login, pending, organiser):
    booking, invoice = pending
    desk = organiser_client(app, login, organiser)
    page = f"/payments/{invoice.reference}"

    confirmed = post_form(desk, page, f"{page}/confirm-transfer", {"amount_vnd": DUE, "note": "VCB 12/03"})

    assert confirmed.status_code == 303
    assert fresh(db, booking).status == "paid"
    desk_page = desk.get(f"/fairs/manage/bookings/{booking.id}").get_data(as_text=True)
    assert f'href="/payments/{invoice.reference}"' in desk_page


def test_a_booking_cancelled_before_paying_leaves_an_invoice_nobody_can_pay(
    client, app, db, login, pending, organiser, bank_on
):
    booking, invoice = pending
    url = f"/fairs/bookings/{booking.id}"
    assert post_form(client, url, f"{url}/cancel", {"reason": "Không sắp xếp được"}).status_code == 303

    assert payment_link.invoice_of(fresh(db, booking)).void_at is not None
    page = f"/payments/{invoice.reference}"
    assert "/bank-transfer" not in client.get(page).get_data(as_text=True)
    assert post_form(client, page, f"{page}/bank-transfer").status_code == 409
    # Money that still arrives is held for the organiser, never counted.
    desk = organiser_client(app, login, organiser)
    post_form(desk, page, f"{page}/confirm-transfer", {"amount_vnd": DUE})
    assert fresh(db, booking).status == "cancelled"
    assert ledger.standing_of(invoice).held == DUE


def test_a_hold_that_ran_out_offers_no_new_checkout(client, db, pending, bank_on):
    booking, invoice = pending
    booking.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()

    page = f"/payments/{invoice.reference}"
    shown = client.get(page).get_data(as_text=True)
    refused = post_form(client, page, f"{page}/bank-transfer")

    assert "/bank-transfer" not in shown and refused.status_code == 409
    assert client.get(f"{page}/bank-transfer").status_code == 409  # no QR code to scan either
    assert client.get(f"{page}/vietqr.svg").status_code == 404


def test_a_card_payment_completed_after_the_hold_ran_out_gets_the_booth_back_if_still_free(
    client, db, pending, stripe_on
):
    booking, invoice = pending
    session_id = start_card_payment(client, invoice)
    booking.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    fair = booking.fair
    locking.lock_fair(fair)
    services.release_lapsed(fair)  # what the sweep writes down
    db.session.commit()
    assert fresh(db, booking).status == "expired"

    post_event(client, stripe_on, stripe_on.event("checkout.session.completed", stripe_on.pay(session_id)))

    booking = fresh(db, booking)
    assert booking.status == "paid" and booking.booth.code == "S01"
    assert not payment_link.payment_state(booking).refund_needed


def lose_the_booth(db, booking):
    """The hold runs out and another producer takes the booth before the money arrives."""
    booking.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    user, other = factories.producer_account(commit=True)
    services.hold_booth(booking.fair, booking.booth, other, user)
    db.session.commit()


def test_money_arriving_after_the_booth_went_to_someone_else_is_flagged_for_refund_not_a_500(
    client, app, db, login, pending, stripe_on, organiser
):
    booking, invoice = pending
    session_id = start_card_payment(client, invoice)
    lose_the_booth(db, booking)

    answer = post_event(client, stripe_on, stripe_on.event("checkout.session.completed", stripe_on.pay(session_id)))

    assert answer.status_code == 200
    booking = fresh(db, booking)
    assert booking.status == "expired" and ledger.standing_of(invoice).status == "paid"
    assert db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "payments.refund_needed", AuditEvent.subject == f"invoice:{invoice.reference}"
        )
    )
    desk = organiser_client(app, login, organiser)
    manage = desk.get(f"/payments/manage?group=fair:{booking.fair_id}").get_data(as_text=True)
    assert invoice.reference in manage.split('id="attention"')[1].split("</ul>")[0]
    assert payment_link.payment_state(booking).refund_needed
    desk_page = desk.get(f"/fairs/manage/bookings/{booking.id}").get_data(as_text=True)
    assert 'class="notice" role="status"' in desk_page and f'href="/payments/{invoice.reference}"' in desk_page

    entry = next(e for e in ledger.entries_of(invoice) if e.status == "succeeded")
    page = f"/payments/{invoice.reference}"
    refunded = post_form(desk, page, f"{page}/refund", {"entry_id": entry.id, "amount_vnd": DUE, "note": "Mất gian"})

    assert refunded.status_code == 303
    booking = fresh(db, booking)
    assert booking.refunded_at is not None and booking.status == "expired"
    assert not payment_link.payment_state(booking).refund_needed


def test_a_full_refund_cancels_the_paid_booking_and_a_partial_one_does_not(app, db, login, pending, organiser):
    booking, invoice = pending
    desk = organiser_client(app, login, organiser)
    page = f"/payments/{invoice.reference}"
    post_form(desk, page, f"{page}/confirm-transfer", {"amount_vnd": DUE})
    entry = next(e for e in ledger.entries_of(invoice) if e.status == "succeeded")

    post_form(desk, page, f"{page}/refund", {"entry_id": entry.id, "amount_vnd": 1_000_000})
    assert fresh(db, booking).status == "paid"
    post_form(desk, page, f"{page}/refund", {"entry_id": entry.id, "amount_vnd": DUE - 1_000_000})

    booking = fresh(db, booking)
    assert booking.status == "cancelled" and booking.refunded_at is not None
    assert booking.cancel_reason == "refunded"


def test_an_approved_application_gets_its_invoice(db, organiser, producer):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    user, establishment = producer
    booking = services.hold_booth(fair, booth(fair, "C01"), establishment, user)
    services.submit_booking(booking, None, None)
    assert payment_link.invoice_of(booking) is None
    services.approve_booking(booking, organiser)
    db.session.commit()

    assert payment_link.invoice_of(booking).amount_vnd == 8_000_000


def test_moving_an_unpaid_booking_brings_its_invoice_to_the_new_booths_price(app, db, login, pending, organiser):
    booking, invoice = pending
    desk = organiser_client(app, login, organiser)
    page = f"/fairs/manage/bookings/{booking.id}"

    moved = post_form(desk, page, f"{page}/move", {"booth_code": "C01"})

    assert moved.status_code == 303
    db.session.expire_all()
    corner_due = fresh(db, booking).amount_due_vnd
    assert corner_due == 8_000_000 - SUBSIDY  # 50 %, still capped at 2.000.000 ₫
    invoice = payment_link.invoice_of(booking)
    assert invoice.amount_vnd == corner_due and ledger.standing_of(invoice).outstanding == corner_due
    assert [(x.description, x.list_price_vnd, x.subsidy_vnd) for x in invoice.lines] == [
        ("Gian góc C01", 8_000_000, SUBSIDY)
    ]


def test_a_booking_whose_money_is_held_is_not_moved_to_another_price(app, db, login, pending, organiser):
    booking, invoice = pending
    desk = organiser_client(app, login, organiser)
    payment = f"/payments/{invoice.reference}"
    post_form(desk, payment, f"{payment}/confirm-transfer", {"amount_vnd": DUE - 11_000})  # short: held
    page = f"/fairs/manage/bookings/{booking.id}"

    refused = post_form(desk, page, f"{page}/move", {"booth_code": "C01"})

    assert refused.status_code == 422
    assert "hãy xử lý khoản tiền đó trước khi đổi giá" in refused.get_data(as_text=True)  # in Vietnamese
    assert fresh(db, booking).booth.code == "S01"
    assert payment_link.invoice_of(booking).amount_vnd == DUE
