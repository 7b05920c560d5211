"""`flask --app wsgi jobs work [--burst]` (one per host under systemd) and `jobs status`."""

import signal
import threading

import click
from flask import current_app
from flask.cli import with_appcontext

from marketplace.jobs.registry import queue_configured, queue_for
from marketplace.jobs.worker import work


@click.group("jobs")
def jobs_cli():
    """Background jobs on Redis (REDIS_URL)."""


def _queue_or_stop():
    if not queue_configured(current_app):
        raise click.ClickException("REDIS_URL is not set: jobs run inside the web process, there is no queue.")
    return queue_for(current_app)


@jobs_cli.command("work")
@click.option("--burst", is_flag=True, help="Run the jobs due now, then exit (tests, cron).")
@with_appcontext
def work_command(burst: bool):
    """Run background jobs until stopped: SIGTERM (systemctl stop) ends it after the current job."""
    _queue_or_stop()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    summary = work(current_app._get_current_object(), burst=burst, stop=stop)
    click.echo(f"Jobs: {summary.done} done, {summary.retried} to retry, {summary.failed} failed.")


@jobs_cli.command("status")
@with_appcontext
def status_command():
    """How many jobs wait, run, wait for a retry or failed, and the latest failures."""
    queue = _queue_or_stop()
    click.echo(", ".join(f"{name}: {count}" for name, count in queue.counts().items()))
    for entry in queue.recent_failures():
        click.echo(f"{entry['failed_at']} after {entry['attempts']} attempt(s): {entry['error']}\n  {entry['job']}")
