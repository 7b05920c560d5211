"""Periodic work on RQ's cron scheduler (`flask jobs schedule`, one per deployment): each entry of
JOBS_SCHEDULE enqueues its registered job when due, and the `jobs work` workers run it like any
other job. Without it, the same work runs from cron through each area's command."""

from flask import Flask
from rq.cron import CronScheduler

from marketplace.jobs.registry import handler_for, queue_for
from marketplace.jobs.worker import run_job


def build_scheduler(app: Flask) -> CronScheduler:
    """The scheduler with every periodic job of JOBS_SCHEDULE; an unknown name stops it at start."""
    queue = queue_for(app)
    scheduler = CronScheduler(connection=queue.connection)
    for name, when in app.config["JOBS_SCHEDULE"].items():
        if handler_for(name) is None:
            raise LookupError(f"JOBS_SCHEDULE: no job is registered as {name!r}")
        # No Retry here: a periodic job that fails is in the failed registry, and its next run comes anyway.
        scheduler.register(
            run_job,
            queue.name,
            args=(name, {}),
            name=name,
            job_timeout=app.config["JOBS_TIMEOUT_SECONDS"],
            failure_ttl=app.config["JOBS_FAILED_KEPT_SECONDS"],
            **when,
        )
    return scheduler
