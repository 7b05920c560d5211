"""`flask fairs sweep`: write down lapsed holds and offer freed booths to the waiting lists;
`flask fairs mail-calls`: finish mailing published calls (publishing mails up to 200 at once).

Correctness never depends on it (reads treat a lapsed hold as free); run it every few minutes so
that waiting producers are offered booths promptly: as the jobs `fairs.sweep` and `fairs.mail_calls`
of `flask jobs schedule` (JOBS_SCHEDULE), or from cron or a systemd timer:
    */5 * * * *  cd /srv/cnnt && .venv/bin/flask --app wsgi fairs sweep
    */15 * * * * cd /srv/cnnt && .venv/bin/flask --app wsgi fairs mail-calls
"""

import click
from flask.cli import AppGroup
from sqlalchemy import or_, select

from marketplace.core.models import utcnow
from marketplace.core.unitofwork import commit_now, transactional
from marketplace.extensions import db
from marketplace.fairs import locking, notifications, services, waitlist
from marketplace.fairs.announcements import mailing
from marketplace.fairs.models import LAPSING, PUBLISHED, WAITING, Booking, Fair, WaitlistEntry
from marketplace.jobs import register_job

fairs_cli = AppGroup("fairs", help="Fair maintenance.")


def fairs_to_sweep(now) -> list[int]:
    lapsed = select(Booking.fair_id).where(Booking.status.in_(LAPSING), Booking.expires_at <= now)
    waiting = select(WaitlistEntry.fair_id).where(WaitlistEntry.status == WAITING)
    return list(
        db.session.scalars(
            select(Fair.id).where(Fair.status == PUBLISHED, or_(Fair.id.in_(lapsed), Fair.id.in_(waiting)))
        )
    )


def sweep(now=None) -> tuple[int, int]:
    """One fair at a time, each committed on its own; returns (holds expired, booths offered). Runs
    inside a unit of work (the command's, or the job's)."""
    now = now or utcnow()
    expired = offered = 0
    for fair_id in fairs_to_sweep(now):
        fair = db.session.get(Fair, fair_id)
        locking.lock_fair(fair)
        expired += len(services.release_lapsed(fair, now))
        offers = waitlist.offer_freed_booths(fair, now)
        notifications.send_offers(offers)
        commit_now()  # releases this fair's lock before the next: bookings need not wait for the whole sweep
        offered += len(offers)
    return expired, offered


register_job("fairs.sweep", sweep)
register_job("fairs.mail_calls", mailing.send_pending_calls)


@fairs_cli.command("sweep")
@transactional
def sweep_command():
    """Expire lapsed holds and offer freed booths to the first producers waiting."""
    expired, offered = sweep()
    click.echo(f"{expired} lapsed hold(s) expired, {offered} booth(s) offered to the waiting list.")


@fairs_cli.command("mail-calls")
@transactional
def mail_calls_command():
    """Email published calls to the subscribed producers who have not had them yet."""
    sent = mailing.send_pending_calls()
    click.echo(f"{sent} call email(s) sent.")
