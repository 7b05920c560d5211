"""Work that must happen only once the unit of work that called for it is committed: a job sent to
the queue (a worker must find the rows), a figure counted in the metrics (a rolled-back booking was
never made). `after_commit(callback)` runs the callback at the outermost commit; a rollback, of the
whole transaction or of the savepoint the callback was registered in, drops it. While nothing is
written and uncommitted, there is nothing to wait for and the callback runs at once."""

from collections.abc import Callable

from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.extensions import db

_STAGED = "aftercommit.staged"  # session.info: [(transaction, callback)] waiting for a commit
_WROTE = "aftercommit.wrote"  # session.info: the open transaction has written something


def after_commit(callback: Callable[[], None], session: Session | None = None) -> None:
    """Run `callback` (no arguments, no SQL: the session is between transactions) after the commit
    of `session` (the request's by default)."""
    session = session if session is not None else db.session()
    if not has_uncommitted_writes(session):
        callback()
        return
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_STAGED, []).append((transaction, callback))


def has_uncommitted_writes(session: Session) -> bool:
    if not session.in_transaction():
        return False
    return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)


@event.listens_for(Session, "after_flush")
def _note_write(session, _flush_context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    if not state.is_select:  # UPDATE/DELETE/INSERT statements (and text(), to be safe)
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
def _run_staged(session) -> None:
    """A savepoint's callbacks now belong to its parent; the outermost commit runs them all."""
    staged = session.info.get(_STAGED)
    nested = session.get_nested_transaction()
    if nested is not None:
        session.info[_STAGED] = [(nested.parent if t is nested else t, c) for t, c in staged or []]
        return
    session.info.pop(_WROTE, None)
    for _transaction, callback in session.info.pop(_STAGED, None) or []:
        callback()


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session, transaction) -> None:
    """A transaction that ends with callbacks still staged in it was rolled back or closed unused."""
    staged = session.info.get(_STAGED)
    if staged:
        session.info[_STAGED] = [entry for entry in staged if entry[0] is not transaction]
    if transaction.parent is None:
        session.info.pop(_WROTE, None)


def after_commits_writing(
    name: str, writes: Callable[[type], bool], changed: Callable[[Session], Callable[[], None]]
) -> None:
    """From now on, after the commit of each transaction that wrote objects of a class `writes`
    accepts (by a flush or a bulk statement), run the callback `changed(session)` gave when the
    first such write was seen: once per transaction, never for a rolled-back one. Sessions outside
    an app context (a script's own) are left alone. `name` keeps the watches apart; a second call
    with the same name does nothing."""
    if name in _WATCHES:
        return
    _WATCHES.add(name)
    staged = f"aftercommit.watch.{name}"

    def stage(session) -> None:
        if not has_app_context():
            return
        transaction = session.get_nested_transaction() or session.get_transaction()
        if session.info.get(staged) is transaction:
            return
        session.info[staged] = transaction
        after_commit(changed(session), session)

    def flushed(session, _context) -> None:
        if any(writes(type(obj)) for obj in (*session.new, *session.dirty, *session.deleted)):
            stage(session)

    def executed(state) -> None:
        if state.is_select or not state.is_orm_statement:
            return
        if any(writes(mapper.class_) for mapper in state.all_mappers):
            stage(state.session)

    event.listen(Session, "after_flush", flushed)
    event.listen(Session, "do_orm_execute", executed)


_WATCHES: set[str] = set()
