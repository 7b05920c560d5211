"""Waiting lists: join when a type is full, a freed booth is held for the first in line and mailed,
and `flask fairs sweep` expires lapsed holds and passes booths down the line."""

from datetime import timedelta

import pytest

from marketplace.core.models import utcnow
from marketplace.fairs import queries, services, waitlist
from marketplace.fairs.cli import sweep
from tests import factories
from tests.factories import booth


def _type(fair, code):
    return next(t for t in fair.booth_types if t.code == code)


def test_joining_is_only_for_a_type_with_no_free_booth(db, organiser):
    fair = factories.fair(organiser, standard=1, corner=1, commit=True)
    user, producer = factories.producer_account(commit=True)
    with pytest.raises(services.BookingError):
        waitlist.join_waitlist(fair, _type(fair, "standard"), producer, user)
    db.session.rollback()

    other_user, other = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), other, other_user)
    db.session.commit()
    entry = waitlist.join_waitlist(fair, _type(fair, "standard"), producer, user)
    db.session.commit()
    assert entry.status == "waiting" and queries.waitlist_position(entry) == 1
    with pytest.raises(services.BookingError):
        waitlist.join_waitlist(fair, _type(fair, "standard"), producer, user)


def test_a_cancelled_booth_is_held_for_the_first_in_line_and_they_are_mailed(app, db, organiser, outbox):
    fair = factories.fair(organiser, standard=1, corner=0, offer_hours=12, commit=True)
    holder_user, holder = factories.producer_account(commit=True)
    first_user, first = factories.producer_account(commit=True)
    second_user, second = factories.producer_account(commit=True)
    taken = services.hold_booth(fair, booth(fair, "S01"), holder, holder_user)
    db.session.commit()
    standard = _type(fair, "standard")
    waitlist.join_waitlist(fair, standard, first, first_user, now=utcnow() - timedelta(minutes=2))
    waitlist.join_waitlist(fair, standard, second, second_user)
    db.session.commit()

    services.cancel_booking(taken, holder_user, "Không tham gia được", by_staff=False)
    offers = waitlist.offer_freed_booths(fair)
    db.session.commit()
    from marketplace.fairs.notifications import send_offers

    send_offers(offers)

    assert [entry.producer_id for entry in offers] == [first.id]
    offered = offers[0].booking
    assert offered.status == "held" and offered.booth.code == "S01" and offered.origin == "waitlist"
    assert timedelta(hours=11, minutes=59) < offered.expires_at - utcnow() <= timedelta(hours=12)
    mail = outbox.last()
    assert mail["To"] == first_user.email
    assert f"/fairs/bookings/{offered.id}" in mail.get_content()

    services.submit_booking(offered, [], None)
    db.session.commit()
    assert offers[0].status == "taken"


def test_the_sweep_expires_lapsed_holds_and_offers_the_booth_down_the_line(app, db, organiser, outbox):
    fair = factories.fair(organiser, standard=1, corner=0, commit=True)
    holder_user, holder = factories.producer_account(commit=True)
    waiting_user, waiting = factories.producer_account(commit=True)
    past = utcnow() - timedelta(hours=1)
    services.hold_booth(fair, booth(fair, "S01"), holder, holder_user, now=utcnow() - timedelta(minutes=5))
    db.session.commit()
    waitlist.join_waitlist(fair, _type(fair, "standard"), waiting, waiting_user, now=past)
    db.session.commit()

    expired, offered = sweep(now=utcnow() + timedelta(minutes=30))
    assert (expired, offered) == (1, 1)
    statuses = {b.producer_id: b.status for b in queries.bookings_of([holder, waiting])}
    assert statuses == {holder.id: "expired", waiting.id: "held"}
    assert outbox.last()["To"] == waiting_user.email

    assert sweep(now=utcnow() + timedelta(minutes=31)) == (0, 0)  # nothing left to do: idempotent


def test_the_sweep_command_reports_what_it_did(app, db):
    result = app.test_cli_runner().invoke(args=["fairs", "sweep"])
    assert result.exit_code == 0, result.output
    assert "lapsed hold(s) expired" in result.output
