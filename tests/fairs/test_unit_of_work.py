"""Fairs and their payments as one unit of work per request (core.unitofwork): a refusal keeps nothing
of the attempt, the few early commits keep what must stand, mail leaves only with the commit, and
every refusal is a core.rules.RuleError with its status and code."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.core.models import utcnow
from marketplace.core.rules import RuleError
from marketplace.fairs import notifications, organise, services, steps, waitlist
from marketplace.fairs.announcements.services import AnnouncementError
from marketplace.fairs.meetings.services import MeetingError
from marketplace.fairs.models import Booking, Fair, WaitlistEntry
from marketplace.payments.services import PaymentError
from tests import factories
from tests.factories import booth


def _standard(fair):
    return next(t for t in fair.booth_types if t.code == "standard")


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (steps.BookingError("x"), 422, "unprocessable"),
        (steps.BoothUnavailable("x"), 409, "booth_unavailable"),
        (steps.CapacityReached("x"), 409, "capacity_reached"),
        (steps.NotEligible("x"), 403, "not_eligible"),
        (steps.RegistrationClosed("x"), 422, "registration_closed"),
        (organise.PlanError("x", "code"), 422, "unprocessable"),
        (AnnouncementError("x", "title"), 422, "unprocessable"),
        (MeetingError("x", 409), 409, "unprocessable"),
        (PaymentError("x", 409, code="not_payable"), 409, "not_payable"),
    ],
)
def test_every_refusal_of_fairs_and_payments_is_a_rule_error_keeping_its_status_and_code(error, status, code):
    assert isinstance(error, RuleError)
    assert (error.status, error.code, str(error)) == (status, code, "x")


def test_a_refused_withdrawal_is_answered_in_place_and_keeps_nothing_it_wrote(client, login, csrf, db, organiser):
    """withdraw_fair takes the lock and writes the lapsed hold down before it counts the live bookings:
    answered with a redirect that would have been committed; answered 422, it is all rolled back."""
    fair = factories.fair(organiser, commit=True)
    live_user, live = factories.producer_account(commit=True)
    lapsed_user, lapsed = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), live, live_user)
    lapsed_hold = services.hold_booth(fair, booth(fair, "S02"), lapsed, lapsed_user, now=utcnow() - timedelta(hours=1))
    db.session.commit()
    version = db.session.get(Fair, fair.id).lock_version
    login(organiser)

    refused = client.post(f"/fairs/manage/{fair.id}/withdraw", data={"csrf_token": csrf(f"/fairs/manage/{fair.id}")})

    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'class="error-summary refusal"' in page and "1 đăng ký" in page  # shown above the fair's settings
    db.session.expire_all()
    assert db.session.get(Fair, fair.id).status == "published"
    assert db.session.get(Fair, fair.id).lock_version == version  # not even the lock's counter moved
    assert db.session.get(Booking, lapsed_hold.id).status == "held"  # the sweep writes it down, not this


def test_a_refused_waitlist_join_is_shown_on_the_fair_page_with_its_status(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, standard=2, corner=0, commit=True)
    user, producer = factories.producer_account(commit=True)
    login(user)

    answer = client.post(
        f"/fairs/{fair.id}/waitlist",
        data={"csrf_token": csrf(f"/fairs/{fair.id}"), "producer": producer.id, "booth_type": _standard(fair).id},
    )

    assert answer.status_code == 422  # booths of this type are still free
    assert 'class="error-summary refusal"' in answer.get_data(as_text=True)
    assert db.session.scalars(select(WaitlistEntry.id)).all() == []


def test_the_waiting_lists_offer_stands_and_is_mailed_though_the_hold_after_it_is_refused(
    client, login, csrf, db, organiser, outbox
):
    """loading.offer_freed_booths_first commits on its own (commit_now): the 409 that refuses the
    producer who asked rolls back only their hold."""
    fair = factories.fair(organiser, standard=1, corner=0, hold_minutes=30, commit=True)
    holder_user, holder = factories.producer_account(commit=True)
    waiting_user, waiting = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), holder, holder_user, now=utcnow() - timedelta(minutes=40))
    db.session.commit()
    waitlist.join_waitlist(fair, _standard(fair), waiting, waiting_user, now=utcnow() - timedelta(minutes=35))
    db.session.commit()
    grabber_user, grabber = factories.producer_account(commit=True)
    login(grabber_user)

    answer = client.post(
        f"/fairs/{fair.id}/booths/S01/hold", data={"csrf_token": csrf("/fairs/mine"), "producer": grabber.id}
    )

    assert answer.status_code == 409
    held = db.session.scalars(
        select(Booking.producer_id).where(Booking.fair_id == fair.id, Booking.status == "held")
    ).all()
    assert held == [waiting.id]
    assert [m["To"] for m in outbox.messages()] == [waiting_user.email]


def test_fair_mail_waits_for_the_commit_and_a_rollback_drops_it(db, organiser, outbox):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.submit_booking(booking, None, None)
    db.session.commit()

    services.reject_booking(booking, organiser, "Hết chỗ")
    notifications.send_decision(booking)
    assert outbox.messages() == []  # built, waiting for the commit
    db.session.rollback()
    assert outbox.messages() == []  # the decision was undone: nobody hears of it

    booking = db.session.get(Booking, booking.id)
    services.reject_booking(booking, organiser, "Hết chỗ")
    notifications.send_decision(booking)
    db.session.commit()
    assert [m["To"] for m in outbox.messages()] == [user.email]


def test_a_request_for_a_booth_takes_the_producers_own_published_products_and_refuses_before_writing(db, organiser):
    from marketplace.catalogue.models import Product

    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    _other_user, other = factories.producer_account(commit=True)
    mine, theirs = (
        Product(
            producer_id=owner.id,
            code=f"P{owner.id}",
            name=name,
            slug=f"p-{owner.id}",
            group_number=1,
            status="published",
        )
        for owner, name in ((producer, "Giỏ mây"), (other, "Bình gốm"))
    )
    db.session.add_all([mine, theirs])
    db.session.commit()

    with pytest.raises(steps.BookingError):
        services.request_assignment(fair, _standard(fair), producer, user, [theirs], None)
    assert not any(isinstance(row, Booking) for row in db.session.new)  # refused before the booking was added
    booking = services.request_assignment(fair, _standard(fair), producer, user, [mine], None)
    db.session.commit()
    assert [item.product_id for item in booking.products] == [mine.id]


def test_checking_out_a_booking_a_full_subsidy_pays_answers_409_and_the_booking_stays_paid(
    client, db, organiser, bearer
):
    fair = factories.fair(organiser, subsidy_percent=100, subsidy_budget_vnd=100_000_000, commit=True)
    user, _producer = factories.producer_account(commit=True)
    headers = bearer(user)
    held = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=headers)
    assert held.status_code == 201 and held.get_json()["amount_due_vnd"] == 0

    answer = client.post(
        f"/api/v1/bookings/{held.get_json()['id']}/checkout", json={"provider": "bank_transfer"}, headers=headers
    )

    assert answer.status_code == 409 and answer.get_json()["error"]["code"] == "already_paid"
    db.session.expire_all()
    assert db.session.get(Booking, held.get_json()["id"]).status == "paid"  # committed before the refusal


def test_the_sweep_command_is_one_unit_of_work_per_fair(app, db, organiser):
    fair = factories.fair(organiser, standard=1, corner=0, commit=True)
    user, producer = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), producer, user, now=utcnow() - timedelta(hours=1))
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["fairs", "sweep"])

    assert result.exit_code == 0 and "1 lapsed hold(s) expired" in result.output
    db.session.expire_all()
    assert db.session.scalars(select(Booking.status)).all() == ["expired"]
