"""The database, not only Python, refuses a second live booking of one booth (the migrated schema); the
fair's lock never splits a unit of work."""

import pytest
from flask_migrate import upgrade
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.config import PROJECT_ROOT
from marketplace.core.audit import AuditEvent
from marketplace.extensions import db as _db
from marketplace.fairs import organise
from marketplace.fairs.locking import lock_fair
from marketplace.fairs.models import Booking, Fair
from tests import factories
from tests.factories import booth, fair_values


def _row(fair, booth_row, producer, status):
    return Booking(
        fair_id=fair.id,
        booth_id=booth_row.id,
        booth_type_id=booth_row.booth_type_id,
        producer_id=producer.id,
        status=status,
        list_price_vnd=1,
        subsidy_vnd=0,
    )


@pytest.mark.parametrize("second", ["held", "applied", "pending_payment", "paid"])
def test_a_second_live_booking_of_a_booth_is_refused_by_the_unique_index(db, organiser, second):
    fair = factories.fair(organiser, commit=True)
    (_ua, a), (_ub, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    target = booth(fair, "S01")
    db.session.add(_row(fair, target, a, "paid"))
    db.session.flush()

    db.session.add(_row(fair, target, b, second))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_ended_bookings_do_not_occupy_the_booth(db, organiser):
    fair = factories.fair(organiser, commit=True)
    (_ua, a), (_ub, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    target = booth(fair, "S01")
    for status in ("cancelled", "expired", "rejected", "cancelled"):
        db.session.add(_row(fair, target, a, status))
    db.session.add(_row(fair, target, b, "held"))
    db.session.flush()  # no error: only live rows count


def test_a_live_booking_needs_a_booth_and_a_known_status(db, organiser):
    fair = factories.fair(organiser, commit=True)
    _user, producer = factories.producer_account(commit=True)
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


def test_taking_the_fairs_lock_never_commits_what_the_unit_of_work_already_wrote(tmp_path, database_is_postgres):
    """On SQLite lock_fair ends a read-only transaction first (see its docstring); a unit that has
    already written (the webhook's ledger entry before the booking is marked paid) must stay whole:
    rolled back after the lock, its first write is gone too."""
    if database_is_postgres:
        pytest.skip("SQLite's transaction handling; PostgreSQL never ends the transaction")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "lock-test-secret-0123456789",
            "DATA_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'lock.db'}",
        }
    )
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))
        organiser = User(email="lock@example.vn", display_name="Lock", password_hash="!", role="organiser", locale="vi")
        _db.session.add(organiser)
        fair_id = organise.create_fair(fair_values(), organiser).id
        _db.session.commit()

        _db.session.add(AuditEvent(action="test.first_write", subject="written before the lock"))
        _db.session.flush()
        lock_fair(_db.session.get(Fair, fair_id))
        _db.session.rollback()

        left = _db.session.scalar(select(AuditEvent).where(AuditEvent.action == "test.first_write"))
        _db.session.remove()
        _db.engine.dispose()
    assert left is None
