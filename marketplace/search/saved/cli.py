"""`flask searches digest`: mail each saved search that is due its new products (daily, from cron),
and the same work as the periodic job `searches.digest` for `flask jobs schedule`."""

import click
from flask.cli import with_appcontext

from marketplace.core.unitofwork import transactional
from marketplace.jobs import register_job
from marketplace.search.saved.digest import send_digests

DIGEST_JOB = "searches.digest"


@click.group("searches", help="Buyers' saved searches.")
def searches_cli():
    pass


@searches_cli.command("digest")
@with_appcontext
@transactional
def digest_command():
    """Run once a day (cron, or `flask jobs schedule`): daily searches every day, weekly ones every seventh."""
    summary = send_digests()
    click.echo(
        f"Looked at {summary.looked_at} saved searches, mailed {summary.mailed} with {summary.products} new products."
    )


def digest_job() -> None:
    """The job runs inside the worker's unit of work (jobs.worker.run_job)."""
    send_digests()


register_job(DIGEST_JOB, digest_job)
