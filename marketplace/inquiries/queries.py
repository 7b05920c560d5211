"""Inquiry reads: inboxes with unread counts, one thread, reported threads, the buying-request board."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from marketplace.core.pagination import paginate
from marketplace.core.permissions import BUYER, PRODUCER, has_role
from marketplace.core.routing import MAX_ID
from marketplace.extensions import db
from marketplace.inquiries.models import STATUSES, BuyingRequest, Inquiry, Quote
from marketplace.producers.models import ProducerMember


@dataclass
class Inbox:
    side: str  # buyer | producer
    threads: list
    status: str | None
    counts: dict  # status -> number of threads
    unread: int
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _producer_ids(user):
    return select(ProducerMember.producer_id).where(ProducerMember.user_id == user.id)


def _unread_condition(side: str):
    if side == "buyer":
        activity, seen = Inquiry.last_producer_activity_at, Inquiry.buyer_read_at
    else:
        activity, seen = Inquiry.last_buyer_activity_at, Inquiry.producer_read_at
    return and_(activity.is_not(None), or_(seen.is_(None), activity > seen))


def inbox_side(user) -> str | None:
    if has_role(user, BUYER):
        return "buyer"
    if has_role(user, PRODUCER):
        return "producer"
    return None


def _own_threads(user, side: str) -> list:
    """Conditions selecting the threads this account sees in its inbox."""
    if side == "buyer":
        return [Inquiry.buyer_id == user.id]
    return [Inquiry.producer_id.in_(_producer_ids(user)), Inquiry.spam_reported_at.is_(None)]


def unread_count(user) -> int:
    """Threads with something new for this account: the number on the navigation badge."""
    side = inbox_side(user)
    if side is None:
        return 0
    return db.session.execute(
        select(func.count(Inquiry.id)).where(*_own_threads(user, side), _unread_condition(side))
    ).scalar_one()


def inbox(user, status: str | None = None, page: int = 1, per_page: int = 25) -> Inbox | None:
    side = inbox_side(user)
    if side is None:
        return None
    own = _own_threads(user, side)
    status = status if status in STATUSES else None
    counts = dict(
        db.session.execute(select(Inquiry.status, func.count(Inquiry.id)).where(*own).group_by(Inquiry.status)).all()
    )
    conditions = [*own] + ([Inquiry.status == status] if status else [])
    found = paginate(
        select(Inquiry)
        .where(*conditions)
        .options(selectinload(Inquiry.product), selectinload(Inquiry.request))
        .order_by(Inquiry.last_activity_at.desc(), Inquiry.id.desc()),
        max(page, 1),
        per_page,
    )
    return Inbox(side, found.items, status, counts, unread_count(user), found.total, found.number, per_page)


def get_thread(inquiry_id: int) -> Inquiry | None:
    if not 0 < inquiry_id <= MAX_ID:
        return None
    return db.session.get(Inquiry, inquiry_id)


def get_quote(quote_id: int) -> Quote | None:
    if not 0 < quote_id <= MAX_ID:
        return None
    return db.session.get(Quote, quote_id)


def get_request(request_id: int) -> BuyingRequest | None:
    if not 0 < request_id <= MAX_ID:
        return None
    return db.session.get(BuyingRequest, request_id)


def reported_threads() -> list[tuple]:
    """(thread, independent reporters of its buyer in the standing window), newest report first."""
    from marketplace.inquiries.spam import independent_reporters

    threads = (
        db.session.execute(
            select(Inquiry).where(Inquiry.spam_reported_at.is_not(None)).order_by(Inquiry.spam_reported_at.desc())
        )
        .unique()
        .scalars()
    )
    return [(thread, independent_reporters(thread.buyer)) for thread in threads]


def open_requests(today: date, group: int | None = None, page: int = 1, per_page: int = 25) -> tuple[list, int]:
    """Requests on the public board: open, not hidden, deadline not passed; soonest deadline first."""
    conditions = [BuyingRequest.status == "open", BuyingRequest.hidden_at.is_(None), BuyingRequest.deadline >= today]
    if group:
        conditions.append(BuyingRequest.group_number == group)
    found = paginate(
        select(BuyingRequest).where(*conditions).order_by(BuyingRequest.deadline, BuyingRequest.id),
        max(page, 1),
        per_page,
    )
    return found.items, found.total


def requests_of(buyer) -> list:
    return list(
        db.session.execute(
            select(BuyingRequest).where(BuyingRequest.buyer_id == buyer.id).order_by(BuyingRequest.created_at.desc())
        )
        .unique()
        .scalars()
    )


def hidden_requests() -> list:
    return list(
        db.session.execute(
            select(BuyingRequest).where(BuyingRequest.hidden_at.is_not(None)).order_by(BuyingRequest.hidden_at.desc())
        )
        .unique()
        .scalars()
    )


def answer_threads(request: BuyingRequest) -> list:
    """The producers' answer threads to a request, for its buyer."""
    return list(
        db.session.execute(
            select(Inquiry)
            .where(Inquiry.request_id == request.id)
            .options(selectinload(Inquiry.quotes))
            .order_by(Inquiry.created_at)
        )
        .unique()
        .scalars()
    )


def thread_of_producer(request: BuyingRequest, producer_ids: list[int]) -> Inquiry | None:
    if not producer_ids:
        return None
    return (
        db.session.execute(
            select(Inquiry).where(Inquiry.request_id == request.id, Inquiry.producer_id.in_(producer_ids))
        )
        .unique()
        .scalars()
        .first()
    )
