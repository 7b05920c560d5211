"""What waits in partner inquiries on 'My work': conversations to answer, quotes to decide, buying requests."""

from datetime import date

from flask import url_for
from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.core.permissions import is_staff
from marketplace.core.work import WorkItem, work_section
from marketplace.extensions import db
from marketplace.inquiries import queries
from marketplace.inquiries.models import OPEN, BuyingRequest, Inquiry, Quote
from marketplace.producers.models import ProducerMember


@work_section(5, _l("Inquiries and quotes"))
def inquiry_work(user) -> list[WorkItem]:
    if is_staff(user):
        reported = len(queries.reported_threads())
        return [
            WorkItem(gettext("Threads reported as spam to review"), url_for("inquiries.reported"), count=reported),
            WorkItem(gettext("Inquiries dashboard"), url_for("inquiries.dashboard")),
        ]
    side = queries.inbox_side(user)
    if side is None:
        return []
    items = [
        WorkItem(
            gettext("Conversations with something new"), url_for("inquiries.inbox"), count=queries.unread_count(user)
        )
    ]
    open_quotes = (
        select(func.count(Quote.id)).join(Inquiry).where(Quote.status == OPEN, Quote.valid_until >= date.today())
    )
    if side == "buyer":
        to_decide = db.session.scalar(open_quotes.where(Inquiry.buyer_id == user.id)) or 0
        items.append(
            WorkItem(
                gettext("Quotes to accept or decline"), url_for("inquiries.inbox", status="quoted"), count=to_decide
            )
        )
        requests = (
            db.session.scalar(
                select(func.count(BuyingRequest.id)).where(
                    BuyingRequest.buyer_id == user.id, BuyingRequest.status == OPEN
                )
            )
            or 0
        )
        items.append(
            WorkItem(
                gettext("My buying requests"),
                url_for("inquiries.my_requests"),
                detail=ngettext("%(num)d open", "%(num)d open", requests),
            )
        )
    else:
        sent = (
            db.session.scalar(
                open_quotes.where(
                    Inquiry.producer_id.in_(select(ProducerMember.producer_id).where(ProducerMember.user_id == user.id))
                )
            )
            or 0
        )
        items.append(
            WorkItem(
                gettext("Quotes awaiting the buyer"),
                url_for("inquiries.inbox", status="quoted"),
                detail=ngettext("%(num)d quote sent", "%(num)d quotes sent", sent),
            )
        )
        items.append(WorkItem(gettext("Buying requests to answer"), url_for("inquiries.requests")))
    return items
