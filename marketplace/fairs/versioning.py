"""The fairs version (core.cache): replaced after every commit that wrote anything of
marketplace.fairs (a fair, a hall, a booth, a booking, a payment's mark on it, a waiting list...),
so the public fair page can be kept for visitors (core.pagecache) and still be right on the next
request after a change. One rule for the whole area, by the written objects' module, so a model
added later is covered without a list to keep."""

from flask import has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.core import aftercommit
from marketplace.core.cache import FAIRS, bump_version

_AREA = "marketplace.fairs."
_STAGED = "fairs.version.staged"
_connected = False


def _of_fairs(cls) -> bool:
    return cls.__module__.startswith(_AREA)


def _stage(session) -> None:
    if not has_app_context():
        return
    transaction = session.get_nested_transaction() or session.get_transaction()
    if session.info.get(_STAGED) is transaction:
        return
    session.info[_STAGED] = transaction
    aftercommit.after_commit(lambda: bump_version(FAIRS), session)


def _after_flush(session, _context) -> None:
    if any(_of_fairs(type(obj)) for obj in (*session.new, *session.dirty, *session.deleted)):
        _stage(session)


def _orm_execute(state) -> None:
    """Bulk INSERT/UPDATE/DELETE through the session write fairs too."""
    if state.is_select or not state.is_orm_statement:
        return
    if any(_of_fairs(mapper.class_) for mapper in state.all_mappers):
        _stage(state.session)


def connect() -> None:
    global _connected
    if _connected:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "do_orm_execute", _orm_execute)
    _connected = True
