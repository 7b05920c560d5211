"""Job handlers by name, and `enqueue()`: a job leaves for the RQ queue only once the work that made
it is committed, so a worker never looks for rows that are not there yet, and a rolled-back
request enqueues nothing."""

import json
from collections.abc import Callable

import redis
from flask import Flask, current_app
from rq import Queue, Retry

from marketplace.core.aftercommit import after_commit

_handlers: dict[str, Callable[..., None]] = {}
_clients: dict[str, redis.Redis] = {}
RUNNER = "marketplace.jobs.worker.run_job"  # what RQ calls: it runs the named handler in the app


def register_job(name: str, function: Callable[..., None]) -> None:
    """Areas register their handlers when their module is imported (the worker imports them all
    through create_app). A handler takes the enqueued keyword arguments and does its work in the
    worker's unit of work, which commits when it returns and rolls back when it raises; one that must
    commit part of it earlier (in batches) calls core.unitofwork.commit_now() and says why."""
    if _handlers.get(name, function) is not function:
        raise ValueError(f"job {name!r} is registered twice with different handlers")
    _handlers[name] = function


def handler_for(name: str) -> Callable[..., None] | None:
    return _handlers.get(name)


def queue_configured(app: Flask | None = None) -> bool:
    """True when jobs go to Redis for `flask jobs work`; False means do the work in-process."""
    return bool((app or current_app).config.get("JOBS_REDIS_URL"))


def client_for(url: str) -> redis.Redis:
    """One connection pool per URL and process (RQ wants bytes: no decode_responses)."""
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url)
    return _clients[url]


def queue_for(app: Flask) -> Queue:
    url = app.config.get("JOBS_REDIS_URL")
    if not url:
        raise RuntimeError("There is no job queue: REDIS_URL is not set.")
    return Queue(app.config["JOBS_QUEUE"], connection=client_for(url))


def job_options(app: Flask) -> dict:
    """Retries with a growing delay (JOBS_RETRY_SECONDS times the attempt), then the failed registry."""
    retries, delay = app.config["JOBS_MAX_ATTEMPTS"] - 1, app.config["JOBS_RETRY_SECONDS"]
    options = {"job_timeout": app.config["JOBS_TIMEOUT_SECONDS"], "failure_ttl": app.config["JOBS_FAILED_KEPT_SECONDS"]}
    if retries > 0:
        options["retry"] = Retry(max=retries, interval=[delay * attempt for attempt in range(1, retries + 1)])
    return options


def enqueue(name: str, **kwargs) -> None:
    """Queue job `name` with JSON keyword arguments. While the current transaction has written
    something, the job waits for its commit (and is dropped if it rolls back or is never
    committed); otherwise it goes at once. Needs the queue: check queue_configured() first."""
    if name not in _handlers:
        raise LookupError(f"no job is registered as {name!r}")
    try:  # a bad argument (a model, a date) fails here, in the caller, not in the worker
        kwargs = json.loads(json.dumps(kwargs, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise TypeError(f"job {name}: its arguments must be plain JSON values ({error})") from None
    app = current_app._get_current_object()
    queue = queue_for(app)
    after_commit(lambda: _push(app, queue, name, kwargs))


def _push(app: Flask, queue: Queue, name: str, kwargs: dict) -> None:
    """After the commit there is no undoing it: a Redis failure is logged, not raised. Every job's
    work has a slower way to finish (stale imports fail visibly, `fairs mail-calls` and the daily
    digest mail what is still unsent)."""
    try:
        queue.enqueue(RUNNER, name, kwargs, description=name, **job_options(app))
    except Exception:  # noqa: BLE001  (whatever Redis raised, the request has succeeded)
        app.logger.exception("could not enqueue job %s %s", name, str(kwargs)[:200])
