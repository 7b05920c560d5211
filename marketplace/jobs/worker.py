"""The worker behind `flask jobs work`: takes jobs one at a time, runs each in its own app context
and transaction, acknowledges it on success, retries a failure a bounded number of times (later,
behind the other jobs), then records it as failed and logs it."""

import threading
from dataclasses import dataclass

from flask import Flask

from marketplace.extensions import db
from marketplace.jobs.queue import Claimed, JobQueue
from marketplace.jobs.registry import handler_for, queue_for

POLL_SECONDS = 2  # how long a wait for a job lasts; a stop request is noticed within this time


@dataclass
class WorkSummary:
    done: int = 0
    retried: int = 0
    failed: int = 0


def work(app: Flask, burst: bool = False, stop: threading.Event | None = None) -> WorkSummary:
    """Run jobs until `stop` is set; with `burst`, until no job is due, then return."""
    queue, summary = queue_for(app), WorkSummary()
    stop = stop or threading.Event()
    while not stop.is_set():
        queue.requeue_abandoned()
        queue.promote_due()
        claimed = queue.claim(block_seconds=None if burst else POLL_SECONDS)
        if claimed is None:
            if burst:
                break
            continue
        outcome = run_claimed(app, queue, claimed)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


def run_claimed(app: Flask, queue: JobQueue, claimed: Claimed) -> str:
    """Run one claimed job; returns "done", "retried" or "failed"."""
    max_attempts = app.config["JOBS_MAX_ATTEMPTS"]
    function = handler_for(claimed.name)
    if function is None:
        return _give_up(app, queue, claimed, f"no handler is registered for job {claimed.name!r}")
    if claimed.attempt > max_attempts:  # its earlier runs each took their worker down with them
        return _give_up(app, queue, claimed, f"the worker stopped during each of {max_attempts} attempts")
    try:
        with _Lease(queue, claimed), app.app_context():
            try:
                function(**claimed.kwargs)
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
    except Exception as error:  # noqa: BLE001  (any failure of a job is the queue's to handle)
        message = f"{type(error).__name__}: {error}"
        if claimed.attempt < max_attempts:
            app.logger.warning("job %s %s (attempt %s of %s) failed, will retry: %s", claimed.name,
                               claimed.id, claimed.attempt, max_attempts, message, exc_info=True)
            queue.retry_later(claimed, app.config["JOBS_RETRY_SECONDS"] * claimed.attempt)
            return "retried"
        app.logger.exception("job %s %s failed", claimed.name, claimed.id)
        return _give_up(app, queue, claimed, message)
    queue.ack(claimed)
    return "done"


def _give_up(app: Flask, queue: JobQueue, claimed: Claimed, reason: str) -> str:
    app.logger.error("job %s %s recorded as failed after %s attempt(s): %s", claimed.name, claimed.id,
                     claimed.attempt, reason)
    queue.record_failed(claimed, reason)
    return "failed"


class _Lease:
    """Renews the job's lease while it runs, so a long import is not taken for abandoned; once the
    process dies the renewals stop and another worker takes the job back after one lease."""

    def __init__(self, queue: JobQueue, claimed: Claimed):
        self.queue, self.claimed = queue, claimed
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._renew, name=f"lease-{claimed.id}", daemon=True)

    def _renew(self) -> None:
        interval = max(self.queue.lease_seconds / 3, 0.1)
        while not self.stopped.wait(interval):
            try:
                self.queue.renew(self.claimed)
            except Exception:  # noqa: BLE001, S112  (Redis away for a moment: try again next interval)
                continue

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()
        return False
