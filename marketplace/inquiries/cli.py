"""`flask inquiries send-digests`: the daily job; close requests past their deadline, drop old drafts, mail digests."""

import click
from flask.cli import with_appcontext

from marketplace.core.unitofwork import transactional
from marketplace.inquiries import board, notifications, services
from marketplace.jobs import register_job


@click.group("inquiries", help="Partner inquiries and buying requests.")
def inquiries_cli():
    pass


@inquiries_cli.command("send-digests")
@with_appcontext
@transactional
def send_digests_command():
    """Run once a day (cron, or `flask jobs schedule`): one summary mail per account that chose the daily digest."""
    closed, purged, sent = daily_run()
    click.echo(f"Closed {closed} expired buying requests, removed {purged} old drafts, sent {sent} digests.")


def daily_run() -> tuple[int, int, int]:
    """Close expired requests and drop old drafts, then mail the digests (each digest commits what
    came before it; the command's or the job's unit of work commits the rest)."""
    closed = board.close_expired_requests()
    purged = services.purge_old_drafts()
    return closed, purged, notifications.send_digests()


register_job("inquiries.send_digests", daily_run)
