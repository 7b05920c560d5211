"""The lock that serialises every booking write of one fair, on SQLite and on PostgreSQL alike."""

from sqlalchemy import update

from marketplace.core.database import sqlite_has_written
from marketplace.core.unitofwork import commit_now
from marketplace.extensions import db
from marketplace.fairs.models import Fair


def lock_fair(fair: Fair) -> None:
    """Take the fair's row lock before reading anything a booking decision depends on.

    The UPDATE is the lock: PostgreSQL holds the row lock until commit, so a second writer waits;
    SQLite takes its single write lock. Everything the session loaded before is then expired, so
    the decision reads rows as the previous writer left them (READ COMMITTED reads afresh per
    statement), never a copy loaded before the wait. SQLite has one more trap: a transaction that
    has already read (loading the signed-in user does) cannot write once another writer has
    committed after its read began; it fails with SQLITE_BUSY_SNAPSHOT instead of waiting. So on
    SQLite the request's read-only transaction is ended first, and the UPDATE starts the next one,
    waiting its turn under the busy timeout. A transaction that has already written (a payment
    recorded by the webhook before the booking is marked paid) holds the write lock already, so
    nobody can have committed since its reads: it is never ended early, which would commit half of
    its unit of work (core.unitofwork). The partial unique index on live bookings stays the last guard.
    """
    session = db.session
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        raise RuntimeError("lock_fair() must come before any write in the unit of work")
    fair_id = fair.id  # read now: after the commit below, touching `fair` would start a read
    if session.get_bind().dialect.name == "sqlite" and not sqlite_has_written(session):
        if db.session().get_nested_transaction() is not None:  # a commit here would end the savepoint's caller too
            raise RuntimeError("lock_fair() must come before any savepoint in the unit of work")
        commit_now()  # ends a read-only snapshot (nothing written yet), so the UPDATE below waits its turn
    session.execute(
        update(Fair)
        .where(Fair.id == fair_id)
        .values(lock_version=Fair.lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    session.expire_all()
