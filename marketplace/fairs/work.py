"""What waits at fairs on 'My work': bookings to finish or pay, meetings to answer, bookings to decide."""

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.core.i18n import format_date, format_vnd
from marketplace.core.models import utcnow
from marketplace.core.permissions import BUYER, has_role, is_staff
from marketplace.core.work import WorkItem, work_section
from marketplace.extensions import db
from marketplace.fairs import queries
from marketplace.fairs.announcements.models import Announcement
from marketplace.fairs.meetings import queries as meeting_queries
from marketplace.fairs.models import APPLIED, HELD, PENDING_PAYMENT, REQUESTED, Booking, Fair
from marketplace.fairs.permissions import bookable_producers


@work_section(10, _l("Fairs"))
def fair_work(user) -> list[WorkItem]:
    if is_staff(user):
        return _organiser_work()
    if has_role(user, BUYER):
        return _meetings(meeting_queries.buyer_agenda(user), waiting_on_me=False)
    producers = bookable_producers(user)
    if not producers:
        return []
    return _bookings(producers) + _meetings(meeting_queries.exhibitor_agenda(producers), waiting_on_me=True)


def _bookings(producers) -> list[WorkItem]:
    now = utcnow()
    items = []
    for booking in queries.bookings_of(producers, now):
        state = booking.current_status(now)
        where = url_for("fairs.booking", booking_id=booking.id)
        booth = booking.booth.code if booking.booth else booking.booth_type.name
        if state == HELD:
            items.append(
                WorkItem(
                    gettext("Finish your application: booth %(booth)s, %(fair)s", booth=booth, fair=booking.fair.name),
                    where,
                    count=1,
                    detail=gettext("Held for you until %(when)s", when=format_date(booking.expires_at)),
                )
            )
        elif state == PENDING_PAYMENT:
            items.append(
                WorkItem(
                    gettext("Pay for booth %(booth)s, %(fair)s", booth=booth, fair=booking.fair.name),
                    where,
                    count=1,
                    detail=gettext(
                        "%(amount)s to pay by %(when)s: open the booking and choose Pay (bank transfer or card)",
                        amount=format_vnd(booking.amount_due_vnd),
                        when=format_date(booking.expires_at),
                    ),
                )
            )
        elif state in (APPLIED, REQUESTED):
            items.append(
                WorkItem(
                    gettext(
                        "Waiting for the organiser: booth %(booth)s, %(fair)s", booth=booth, fair=booking.fair.name
                    ),
                    where,
                    count=0,
                )
            )
    items.append(WorkItem(gettext("All my bookings and waiting lists"), url_for("fairs.my_bookings")))
    return items


def _meetings(agenda, waiting_on_me: bool) -> list[WorkItem]:
    now = utcnow()
    to_answer = [m for m in agenda if m.status == "requested" and m.slot.starts_at > now]
    coming = [m for m in agenda if m.status == "accepted" and m.slot.ends_at > now]
    if not (to_answer or coming or agenda):
        return []
    label = gettext("Meeting requests to answer") if waiting_on_me else gettext("Meeting requests awaiting an answer")
    return [
        WorkItem(
            label,
            url_for("fairs.meetings"),
            count=len(to_answer) if waiting_on_me else 0,
            detail=ngettext("%(num)d meeting to come", "%(num)d meetings to come", len(coming)),
        ),
    ]


def _organiser_work() -> list[WorkItem]:
    to_decide = dict(
        db.session.execute(
            select(Booking.fair_id, func.count())
            .where(Booking.status.in_((APPLIED, REQUESTED)))
            .group_by(Booking.fair_id)
        ).all()
    )
    today = date.today()
    items = []
    for fair in db.session.scalars(select(Fair).where(Fair.ends_on >= today).order_by(Fair.starts_on)):
        items.append(
            WorkItem(
                gettext("Bookings to approve: %(fair)s", fair=fair.name),
                url_for("fairs.desk_table", fair_id=fair.id, status=APPLIED),
                count=to_decide.get(fair.id, 0),
                detail=gettext("%(start)s – %(end)s", start=format_date(fair.starts_on), end=format_date(fair.ends_on)),
            )
        )
    drafts = db.session.scalar(select(func.count()).select_from(Announcement).where(Announcement.status == "draft"))
    items.append(
        WorkItem(gettext("Announcements: drafts to publish"), url_for("fairs.manage_announcements"), count=drafts or 0)
    )
    items.append(WorkItem(gettext("All fairs"), url_for("fairs.manage_index")))
    return items
