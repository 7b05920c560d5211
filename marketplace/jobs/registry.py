"""Job handlers by name, and `enqueue()`: a job leaves for the queue only once the work that made
it is committed, so a worker never looks for rows that are not there yet, and a rolled-back
request enqueues nothing."""

from collections.abc import Callable

from flask import Flask, current_app

from marketplace.core.aftercommit import after_commit
from marketplace.jobs.queue import JobQueue, client_for, new_job

_handlers: dict[str, Callable[..., None]] = {}


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
    app = current_app._get_current_object()
    after_commit(lambda: _push(app, queue, raw))


def _push(app: Flask, queue: JobQueue, raw: str) -> None:
    """After the commit there is no undoing it: a Redis failure is logged, not raised. Every job's
    work has a slower way to finish (stale imports fail visibly, `fairs mail-calls` and the daily
    digest mail what is still unsent)."""
    try:
        queue.push(raw)
    except Exception:  # noqa: BLE001  (whatever Redis raised, the request has succeeded)
        app.logger.exception("could not enqueue job %s", raw[:200])
