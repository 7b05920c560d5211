"""The database, not only Python, refuses a second live booking of one booth (the migrated schema)."""

import pytest
from sqlalchemy.exc import IntegrityError

from marketplace.fairs.models import Booking
from tests.fairs.conftest import booth


def _row(fair, booth_row, producer, status):
    return Booking(fair_id=fair.id, booth_id=booth_row.id, booth_type_id=booth_row.booth_type_id,
                   producer_id=producer.id, status=status, list_price_vnd=1, subsidy_vnd=0)


@pytest.mark.parametrize("second", ["held", "applied", "pending_payment", "paid"])
def test_a_second_live_booking_of_a_booth_is_refused_by_the_unique_index(db, make_fair, make_producer, second):
    fair = make_fair()
    (_ua, a), (_ub, b) = make_producer(), make_producer()
    target = booth(fair, "S01")
    db.session.add(_row(fair, target, a, "paid"))
    db.session.flush()

    db.session.add(_row(fair, target, b, second))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_ended_bookings_do_not_occupy_the_booth(db, make_fair, make_producer):
    fair = make_fair()
    (_ua, a), (_ub, b) = make_producer(), make_producer()
    target = booth(fair, "S01")
    for status in ("cancelled", "expired", "rejected", "cancelled"):
        db.session.add(_row(fair, target, a, status))
    db.session.add(_row(fair, target, b, "held"))
    db.session.flush()  # no error: only live rows count


def test_a_live_booking_needs_a_booth_and_a_known_status(db, make_fair, make_producer):
    fair = make_fair()
    _user, producer = make_producer()
    target = booth(fair, "S01")
    row = _row(fair, target, producer, "held")
    row.booth_id = None
    db.session.add(row)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(_row(fair, target, producer, "booked"))
    with pytest.raises(IntegrityError):
        db.session.flush()
