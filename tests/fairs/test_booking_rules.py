"""Booking rules through the services on the real migrated database: holds, expiry, capacity,
eligibility, the two flows, cancellation, moves and the payments glue."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.catalogue.models import Product
from marketplace.core.models import utcnow
from marketplace.core.signals import booking_cancelled, booking_payment_due
from marketplace.fairs import organise, payment_link, queries, rules, services
from marketplace.fairs.models import Booking
from marketplace.producers import services as producer_services
from tests import factories
from tests.factories import booth, pay


def test_a_hold_lasts_the_fairs_hold_time_and_keeps_the_booth_from_others(db, organiser):
    fair = factories.fair(organiser, commit=True)
    (user_a, a), (user_b, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    now = utcnow()

    booking = services.hold_booth(fair, booth(fair, "S01"), a, user_a, now=now)
    db.session.commit()

    assert booking.status == "held"
    assert booking.expires_at == now + timedelta(minutes=30)
    assert queries.booth_status(booth(fair, "S01"), queries.live_bookings(fair).get(booking.booth_id)) == "held"
    with pytest.raises(services.BoothUnavailable):
        services.hold_booth(fair, booth(fair, "S01"), b, user_b)


def test_an_expired_hold_reads_as_free_at_once_and_the_booth_can_be_taken(db, organiser):
    fair = factories.fair(organiser, commit=True)
    (user_a, a), (user_b, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    old = services.hold_booth(fair, booth(fair, "S01"), a, user_a, now=utcnow() - timedelta(minutes=31))
    db.session.commit()

    views = {v.code: v.status for v in queries.fair_booths(fair)}
    assert views["S01"] == "available"  # no sweep has run: the read alone frees it
    assert old.current_status() == "expired" and old.status == "held"

    new = services.hold_booth(fair, booth(fair, "S01"), b, user_b)
    db.session.commit()
    db.session.refresh(old)
    assert old.status == "expired"
    assert new.status == "held" and new.producer_id == b.id


def test_a_producer_cannot_hold_more_booths_than_the_fair_allows(db, organiser):
    fair = factories.fair(organiser, max_booths_per_producer=2, commit=True)
    user, producer = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.hold_booth(fair, booth(fair, "S02"), producer, user)
    db.session.commit()

    with pytest.raises(services.CapacityReached):
        services.hold_booth(fair, booth(fair, "S03"), producer, user)


def test_blocked_booths_and_closed_registration_refuse_a_hold(db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    organise.change_booths([booth(fair, "S01")], "block")
    db.session.commit()
    with pytest.raises(services.BoothUnavailable):
        services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.rollback()

    organise.close_registration(fair, organiser)
    db.session.commit()
    with pytest.raises(services.RegistrationClosed):
        services.hold_booth(fair, booth(fair, "S02"), producer, user)


def test_registration_outside_its_window_is_closed(db, organiser):
    today = rules.today_in_vietnam()
    fair = factories.fair(
        organiser,
        registration_opens_on=today + timedelta(days=3),
        registration_closes_on=today + timedelta(days=5),
        commit=True,
    )
    user, producer = factories.producer_account(commit=True)
    with pytest.raises(services.RegistrationClosed):
        services.hold_booth(fair, booth(fair, "S01"), producer, user)


def test_eligibility_by_province_product_group_and_centre_check(db, organiser):
    user, producer = factories.producer_account(province_code="01", commit=True)
    by_province = factories.fair(organiser, eligible_provinces=["79"], commit=True)
    with pytest.raises(services.NotEligible):
        services.hold_booth(by_province, booth(by_province, "S01"), producer, user)
    db.session.rollback()

    by_group = factories.fair(organiser, eligible_groups=[1], commit=True)
    with pytest.raises(services.NotEligible):
        services.hold_booth(by_group, booth(by_group, "S01"), producer, user)
    db.session.rollback()
    db.session.add(Product(producer_id=producer.id, code="G1", name="Giỏ mây", slug="gio-may", group_number=1))
    db.session.commit()
    assert services.hold_booth(by_group, booth(by_group, "S01"), producer, user).status == "held"
    db.session.commit()

    verified_only = factories.fair(organiser, verified_only=True, commit=True)
    with pytest.raises(services.NotEligible):
        services.hold_booth(verified_only, booth(verified_only, "S01"), producer, user)
    db.session.rollback()
    producer_services.record_check(producer, "tax_code", organiser)
    db.session.commit()
    assert services.hold_booth(verified_only, booth(verified_only, "S01"), producer, user).status == "held"


def test_first_come_submission_awaits_payment_and_announces_it(db, organiser):
    fair = factories.fair(organiser, payment_hold_hours=48, commit=True)
    user, producer = factories.producer_account(commit=True)
    product = Product(
        producer_id=producer.id, code="P1", name="Nón lá", slug="non-la", group_number=1, status="published"
    )
    db.session.add(product)
    db.session.commit()
    heard = []

    def listener(booking, **extra):
        heard.append((booking.id, extra))

    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    now = utcnow()
    with booking_payment_due.connected_to(listener):
        services.submit_booking(booking, [product], "Xin gian gần cửa", now=now)
    db.session.commit()

    assert booking.status == "pending_payment"
    assert booking.expires_at == now + timedelta(hours=48)  # the booth is kept through the payment window
    assert [p.product_id for p in booking.products] == [product.id]
    assert heard == [(booking.id, {"amount_vnd": 6_000_000, "reference": booking.reference})]
    assert services.booking_amount_due(booking) == 6_000_000


def test_submitting_an_expired_hold_is_refused(db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user, now=utcnow() - timedelta(hours=1))
    db.session.commit()
    with pytest.raises(services.BoothUnavailable):
        services.submit_booking(booking, [], None)


def test_products_shown_must_come_from_the_producers_own_catalogue(db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    _other_user, other = factories.producer_account(commit=True)
    foreign = Product(producer_id=other.id, code="X", name="Của người khác", slug="x", group_number=4)
    db.session.add(foreign)
    db.session.commit()
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    with pytest.raises(services.BookingError):
        services.submit_booking(booking, [foreign], None)


def test_by_approval_the_application_keeps_the_booth_until_the_organiser_decides(db, organiser):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    (user_a, a), (user_b, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    first = services.hold_booth(fair, booth(fair, "S01"), a, user_a)
    second = services.hold_booth(fair, booth(fair, "S02"), b, user_b)
    services.submit_booking(first, [], None)
    services.submit_booking(second, [], None)
    db.session.commit()
    assert first.status == "applied" and first.expires_at is None

    services.approve_booking(first, organiser)
    services.reject_booking(second, organiser, "Sản phẩm không thuộc nhóm CNNT")
    db.session.commit()

    assert first.status == "pending_payment" and first.decided_by_id == organiser.id
    assert second.status == "rejected" and second.decision_reason == "Sản phẩm không thuộc nhóm CNNT"
    assert {v.code: v.status for v in queries.fair_booths(fair)}["S02"] == "available"
    with pytest.raises(services.BookingError):
        services.reject_booking(first, organiser, "")  # a reason is required, and it is no longer an application


def test_producer_cancels_before_the_deadline_but_not_after(db, organiser):
    today = rules.today_in_vietnam()
    fair = factories.fair(organiser, cancel_deadline=today, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.submit_booking(booking, [], None)
    db.session.commit()
    heard = []
    with booking_cancelled.connected_to(lambda b, **extra: heard.append(extra)):
        with pytest.raises(services.BookingError):
            services.cancel_booking(booking, user, "", by_staff=False)
        services.cancel_booking(booking, user, "Không sắp xếp được người", by_staff=False)
    db.session.commit()
    assert booking.status == "cancelled" and booking.cancel_reason == "Không sắp xếp được người"
    assert heard == [{"was_paid": False, "reason": "Không sắp xếp được người"}]

    late = factories.fair(organiser, cancel_deadline=today - timedelta(days=1), commit=True)
    booking = services.hold_booth(late, booth(late, "S01"), producer, user)
    db.session.commit()
    with pytest.raises(services.BookingError):
        services.cancel_booking(booking, user, "Muộn", by_staff=False)
    db.session.rollback()
    services.cancel_booking(booking, user, "Ban tổ chức hủy theo yêu cầu", by_staff=True)
    db.session.commit()
    assert booking.status == "cancelled"


def test_the_organiser_moves_a_producer_and_assigns_a_requested_booth(db, organiser):
    fair = factories.fair(organiser, commit=True)
    (user_a, a), (user_b, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), a, user_a)
    db.session.commit()
    services.move_booking(booking, booth(fair, "C01"), organiser)
    db.session.commit()
    assert booking.booth.code == "C01" and booking.list_price_vnd == 8_000_000
    statuses = {v.code: v.status for v in queries.fair_booths(fair)}
    assert statuses["S01"] == "available" and statuses["C01"] == "held"

    standard = next(t for t in fair.booth_types if t.code == "standard")
    request = services.request_assignment(fair, standard, b, user_b, [], "Cần gần lối đi")
    db.session.commit()
    assert request.status == "requested" and request.booth_id is None
    with pytest.raises(services.BoothUnavailable):
        services.assign_booth(request, booth(fair, "C01"), organiser)  # taken by the moved booking
    db.session.rollback()
    services.assign_booth(request, booth(fair, "S01"), organiser)
    db.session.commit()
    assert request.status == "pending_payment" and request.booth.code == "S01"


def test_payments_glue_marks_paid_idempotently_and_refunds_free_the_booth(db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.start_payment(booking)  # a checkout of a first-come hold submits it
    db.session.commit()
    assert booking.status == "pending_payment"

    with pytest.raises(RuntimeError):  # only the ledger marks a booking paid
        services.mark_booking_paid(booking)
    pay(booking)
    services.mark_booking_paid(booking)  # the ledger's word again changes nothing
    db.session.commit()
    assert booking.status == "paid" and booking.paid_at is not None
    assert {v.code: v.status for v in queries.fair_booths(fair)}["S01"] == "booked"

    services.mark_booking_refunded(booking)
    db.session.commit()
    assert booking.status == "cancelled" and booking.refunded_at is not None
    assert {v.code: v.status for v in queries.fair_booths(fair)}["S01"] == "available"


def test_a_late_payment_revives_a_lapsed_booking_only_if_the_booth_is_still_free(db, organiser):
    fair = factories.fair(organiser, registration_opens_on=rules.today_in_vietnam() - timedelta(days=10), commit=True)
    (user_a, a), (user_b, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    past = utcnow() - timedelta(days=5)
    lapsed = services.hold_booth(fair, booth(fair, "S01"), a, user_a, now=past)
    services.submit_booking(lapsed, [], None, now=past)
    db.session.commit()
    services.release_lapsed(fair)
    db.session.commit()
    assert lapsed.status == "expired"

    pay(lapsed)
    db.session.commit()
    assert lapsed.status == "paid"

    other = services.hold_booth(fair, booth(fair, "S02"), a, user_a, now=past)
    services.submit_booking(other, [], None, now=past)
    db.session.commit()
    services.hold_booth(fair, booth(fair, "S02"), b, user_b)  # expires `other`, takes S02
    db.session.commit()
    pay(other)  # the money is in, the booth is not: flagged for a refund, never an error
    db.session.commit()
    assert other.status == "expired" and payment_link.payment_state(other).refund_needed


def test_references_are_short_unique_ascii_and_found_again(db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    first = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    second = services.hold_booth(fair, booth(fair, "S02"), producer, user)
    db.session.commit()

    assert first.reference == f"HC-{first.id:06d}" and first.reference != second.reference
    assert first.reference.isascii() and len(first.reference) <= 12
    assert queries.booking_by_reference(f" hc-{first.id:06d} ") is first
    assert queries.booking_by_reference("HC-x") is None
    assert queries.booking_payments(first) == []


def test_every_booking_row_keeps_its_status_in_the_contract_vocabulary(db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    for booking in db.session.scalars(select(Booking)):
        assert queries.API_STATUS[booking.current_status()] in (
            "held",
            "pending_payment",
            "paid",
            "cancelled",
            "expired",
        )


def test_a_bank_transfer_keeps_the_booth_longer_but_never_shortens_the_hold(db, organiser):
    fair = factories.fair(organiser, payment_hold_hours=72, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    now = utcnow()
    services.submit_booking(booking, [], None, now=now)
    db.session.commit()

    services.extend_payment_hold(booking, hours=120, now=now)
    assert booking.expires_at == now + timedelta(hours=120)
    services.extend_payment_hold(booking, hours=1, now=now)
    assert booking.expires_at == now + timedelta(hours=120)
    pay(booking)
    with pytest.raises(services.BookingError):
        services.extend_payment_hold(booking)


def test_hold_times_come_from_the_environment_and_bad_values_stop_the_start(db):
    from marketplace.config import ConfigError, load_settings

    settings = load_settings({"APP_ENV": "testing", "FAIRS_HOLD_MINUTES": "45"})
    assert (settings["FAIRS_HOLD_MINUTES"], settings["FAIRS_PAYMENT_HOLD_HOURS"]) == (45, 72)
    with pytest.raises(ConfigError):
        load_settings({"APP_ENV": "testing", "FAIRS_OFFER_HOURS": "0"})
