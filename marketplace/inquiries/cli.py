"""`flask inquiries send-digests`: the daily job; close requests past their deadline, drop old drafts, mail digests."""

import click
from flask.cli import with_appcontext

from marketplace.extensions import db
from marketplace.inquiries import board, notifications, services


@click.group("inquiries", help="Partner inquiries and buying requests.")
def inquiries_cli():
    pass


@inquiries_cli.command("send-digests")
@with_appcontext
def send_digests_command():
    """Run once a day (cron): one summary mail per account that chose the daily digest."""
    closed = board.close_expired_requests()
    purged = services.purge_old_drafts()
    db.session.commit()
    sent = notifications.send_digests()
    click.echo(f"Closed {closed} expired buying requests, removed {purged} old drafts, sent {sent} digests.")
