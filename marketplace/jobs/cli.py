"""`flask --app wsgi jobs work [--burst]` (one per host under systemd), `jobs schedule` (one per
deployment) and `jobs status`."""

import click
from flask import current_app
from flask.cli import with_appcontext
from rq import Queue
from rq.job import Job

from marketplace.jobs.registry import queue_configured, queue_for


@click.group("jobs")
def jobs_cli():
    """Background jobs on Redis (REDIS_URL), run by RQ."""


def _queue_or_stop() -> Queue:
    if not queue_configured(current_app):
        raise click.ClickException("REDIS_URL is not set: jobs run inside the web process, there is no queue.")
    return queue_for(current_app)


def counts(queue: Queue) -> dict[str, int]:
    """What waits, runs, waits for a retry (RQ's scheduled registry) and failed; reading only (RQ's
    counts would first clean the registries up)."""
    return {
        "queued": queue.count,
        "started": queue.started_job_registry.get_job_count(cleanup=False),
        "scheduled": queue.scheduled_job_registry.get_job_count(cleanup=False),
        "failed": queue.failed_job_registry.get_job_count(cleanup=False),
    }


def recent_failures(queue: Queue, limit: int = 10) -> list[Job]:
    ids = queue.failed_job_registry.get_job_ids(0, limit - 1, desc=True, cleanup=False)
    return [job for job in Job.fetch_many(ids, connection=queue.connection) if job is not None]


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Run the jobs due now, then exit (tests, cron).")
@with_appcontext
def work_command(burst: bool):
    """Run background jobs until stopped: SIGTERM (systemctl stop) ends it after the current job."""
    _queue_or_stop()
    from marketplace.jobs.worker import work

    summary = work(current_app._get_current_object(), burst=burst)
    click.echo(f"Jobs: {summary.done} done, {summary.retried} to retry, {summary.failed} failed.")


@jobs_cli.command("schedule")
@with_appcontext
def schedule_command():
    """Enqueue the periodic jobs (JOBS_SCHEDULE) when due; run exactly one per deployment."""
    _queue_or_stop()
    from marketplace.jobs.schedule import build_scheduler

    scheduler = build_scheduler(current_app._get_current_object())
    for job in scheduler.get_jobs():
        click.echo(f"{job.name}: " + (f"every {job.interval} s" if job.interval else f"cron {job.cron} (UTC)"))
    scheduler.start()  # until SIGTERM/SIGINT


@jobs_cli.command("status")
@with_appcontext
def status_command():
    """How many jobs wait, run, wait for a retry or failed, and the latest failures."""
    queue = _queue_or_stop()
    click.echo(", ".join(f"{name}: {count}" for name, count in counts(queue).items()))
    for job in recent_failures(queue):
        name, kwargs = (job.args + (None, None))[:2]
        click.echo(f"{_when(job)} {name} {kwargs}: {failure_reason(job)}")


def failure_reason(job: Job) -> str:
    """The last line of the failure RQ recorded (the exception, or why the job was abandoned)."""
    result = job.latest_result()
    lines = (result.exc_string or "").strip().splitlines() if result is not None else []
    return lines[-1] if lines else "?"


def _when(job: Job) -> str:
    return job.ended_at.strftime("%d/%m/%Y %H:%M") if job.ended_at else "?"
