"""Job handlers by name, and `enqueue()`: a job leaves for the queue only once the work that made
it is committed, so a worker never looks for rows that are not there yet, and a rolled-back
request enqueues nothing."""

from collections.abc import Callable

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from marketplace.extensions import db
from marketplace.jobs.queue import JobQueue, client_for, new_job

_handlers: dict[str, Callable[..., None]] = {}
_STAGED = "jobs.staged"  # session.info: [(transaction, queue, raw job)] waiting for a commit
_WROTE = "jobs.wrote"  # session.info: the open transaction has written something


def register_job(name: str, function: Callable[..., None]) -> None:
    """Areas register their handlers when their module is imported (the worker imports them all
    through create_app). A handler takes the enqueued keyword arguments, does its work in the
    worker's session and may commit in batches; the worker commits what is left."""
    if _handlers.get(name, function) is not function:
        raise ValueError(f"job {name!r} is registered twice with different handlers")
    _handlers[name] = function


def handler_for(name: str) -> Callable[..., None] | None:
    return _handlers.get(name)


def queue_configured(app: Flask | None = None) -> bool:
    """True when jobs go to Redis for `flask jobs work`; False means do the work in-process."""
    return bool((app or current_app).config.get("JOBS_REDIS_URL"))


def queue_for(app: Flask) -> JobQueue:
    url = app.config.get("JOBS_REDIS_URL")
    if not url:
        raise RuntimeError("There is no job queue: REDIS_URL is not set.")
    return JobQueue(client_for(url), app.config["JOBS_REDIS_PREFIX"], app.config["JOBS_LEASE_SECONDS"])


def enqueue(name: str, **kwargs) -> None:
    """Queue job `name` with JSON keyword arguments. While the current transaction has written
    something, the job waits for its commit (and is dropped if it rolls back or is never
    committed); otherwise it goes at once. Needs the queue: check queue_configured() first."""
    if name not in _handlers:
        raise LookupError(f"no job is registered as {name!r}")
    raw = new_job(name, kwargs)
    queue = queue_for(current_app)
    session = db.session()
    if not _has_uncommitted_writes(session):
        _push(queue, raw)
        return
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_STAGED, []).append((transaction, queue, raw))


def _has_uncommitted_writes(session: Session) -> bool:
    if not session.in_transaction():
        return False
    return bool(session.info.get(_WROTE) or session.new or session.dirty or session.deleted)


def _push(queue: JobQueue, raw: str) -> None:
    """After the commit there is no undoing it: a Redis failure is logged, not raised. Every job's
    work has a slower way to finish (stale imports fail visibly, `fairs mail-calls` and the daily
    digest mail what is still unsent)."""
    try:
        queue.push(raw)
    except Exception:  # noqa: BLE001  (whatever Redis raised, the request has succeeded)
        current_app.logger.exception("could not enqueue job %s", raw[:200])


@event.listens_for(Session, "after_flush")
def _note_write(session, _flush_context) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state) -> None:
    if not state.is_select:  # UPDATE/DELETE/INSERT statements (and text(), to be safe)
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
def _send_staged(session) -> None:
    """A savepoint's jobs now belong to its parent; the outermost commit sends them all."""
    staged = session.info.get(_STAGED)
    nested = session.get_nested_transaction()
    if nested is not None:
        session.info[_STAGED] = [(nested.parent if t is nested else t, q, raw) for t, q, raw in staged or []]
        return
    session.info.pop(_WROTE, None)
    for _transaction, queue, raw in session.info.pop(_STAGED, None) or []:
        _push(queue, raw)


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session, transaction) -> None:
    """A transaction that ends with jobs still staged in it was rolled back or closed unused."""
    staged = session.info.get(_STAGED)
    if staged:
        session.info[_STAGED] = [entry for entry in staged if entry[0] is not transaction]
    if transaction.parent is None:
        session.info.pop(_WROTE, None)
