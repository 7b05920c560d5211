"""Spam reports against buyers: who may report, how many independent producers reported, and the staff
review that alone blocks a buyer (writes flush only).

A report is a producer's word, and one person may hold several producer profiles: so only a thread the
buyer started can be reported (answering a buyer's request and then reporting it proves nothing),
producers acting through a shared account count as one reporter, and reaching SPAM_LIMIT only puts the
buyer in front of staff, who confirm the block or dismiss the reports.
"""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.inquiries.models import BLOCKED, BUYER, DISMISSED, PENDING, Inquiry, SpamReview

SPAM_LIMIT = 3  # independent reporters within STANDING_DAYS that put a buyer in the staff review queue
STANDING_DAYS = 90  # how far back reports count, and how long a confirmed block lasts


def reportable(inquiry: Inquiry) -> bool:
    """Only what the buyer wrote unasked can be spam: not a thread a producer opened by answering."""
    return inquiry.started_by == BUYER


def _last_decision(buyer):
    """When staff last decided about this buyer: reports before it were judged and count no more."""
    return db.session.scalar(
        select(SpamReview.decided_at)
        .where(SpamReview.buyer_id == buyer.id, SpamReview.decided_at.is_not(None))
        .order_by(SpamReview.decided_at.desc())
        .limit(1)
    )


def independent_reporters(buyer, now=None) -> int:
    """How many independent producers reported the buyer's threads in the standing window.

    Reporting producers that share an account (a member of both, or the same reporting account) are
    one reporter: a person with ten profiles is one voice, not ten."""
    from marketplace.producers.models import ProducerMember

    since = (now or utcnow()) - timedelta(days=STANDING_DAYS)
    decided = _last_decision(buyer)
    if decided is not None and decided > since:
        since = decided
    reports = db.session.execute(
        select(Inquiry.producer_id, Inquiry.spam_reported_by_id).where(
            Inquiry.buyer_id == buyer.id, Inquiry.started_by == BUYER, Inquiry.spam_reported_at >= since
        )
    ).all()
    if not reports:
        return 0
    producer_ids = {producer_id for producer_id, _reporter in reports}
    members = db.session.execute(
        select(ProducerMember.producer_id, ProducerMember.user_id).where(ProducerMember.producer_id.in_(producer_ids))
    ).all()
    links = [(producer_id, reporter) for producer_id, reporter in reports if reporter is not None] + list(members)
    return _groups(producer_ids, links)


def _groups(producer_ids: set[int], links: list[tuple[int, int]]) -> int:
    """Producers joined through any shared account, counted as groups (union-find)."""
    parent = {("p", p): ("p", p) for p in producer_ids}

    def root(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for producer_id, user_id in links:
        account = ("u", user_id)
        parent.setdefault(account, account)
        parent[root(account)] = root(("p", producer_id))
    return len({root(("p", p)) for p in producer_ids})


def is_blocked(buyer, now=None) -> bool:
    """Staff confirmed a block that still runs."""
    return (
        db.session.scalar(
            select(SpamReview.id)
            .where(
                SpamReview.buyer_id == buyer.id,
                SpamReview.status == BLOCKED,
                SpamReview.blocked_until > (now or utcnow()),
            )
            .limit(1)
        )
        is not None
    )


def pending_review(buyer) -> SpamReview | None:
    return db.session.scalar(select(SpamReview).where(SpamReview.buyer_id == buyer.id, SpamReview.status == PENDING))


def report_spam(inquiry: Inquiry, reporter) -> None:
    """The producer hides the thread for good; enough independent reporters put the buyer up for review."""
    if inquiry.spam_reported_at is not None or not reportable(inquiry):
        return
    inquiry.spam_reported_at = utcnow()
    inquiry.spam_reported_by_id = reporter.id
    record_event("inquiry_reported", actor=reporter, subject=f"inquiry:{inquiry.id}", buyer=inquiry.buyer_id)
    db.session.flush()
    _queue_for_review(inquiry.buyer)


def _queue_for_review(buyer) -> None:
    if is_blocked(buyer) or pending_review(buyer) is not None:
        return
    reporters = independent_reporters(buyer)
    if reporters < SPAM_LIMIT:
        return
    try:
        with db.session.begin_nested():  # a simultaneous report may have opened it: the index says so
            db.session.add(SpamReview(buyer=buyer, status=PENDING, reporters=reporters, opened_at=utcnow()))
    except IntegrityError:
        return
    record_event("buyer_spam_review_opened", subject=f"user:{buyer.id}", reporters=reporters)


def confirm_block(review: SpamReview, staff, now=None) -> None:
    """Staff read the reports and agree: the buyer starts no thread and posts no request for STANDING_DAYS."""
    now = now or utcnow()
    review.status, review.decided_at, review.decided_by_id = BLOCKED, now, staff.id
    review.blocked_until = now + timedelta(days=STANDING_DAYS)
    record_event("buyer_blocked", actor=staff, subject=f"user:{review.buyer_id}", review=review.id)
    db.session.flush()


def dismiss_review(review: SpamReview, staff, now=None) -> None:
    """Staff find the reports unfounded: the buyer is not blocked, and those reports count no more."""
    review.status, review.decided_at, review.decided_by_id = DISMISSED, now or utcnow(), staff.id
    record_event("buyer_spam_review_dismissed", actor=staff, subject=f"user:{review.buyer_id}", review=review.id)
    db.session.flush()


def dismiss_report(inquiry: Inquiry, organiser) -> None:
    """Staff find one report unfounded: the thread returns to the producer and stops counting."""
    if inquiry.spam_reported_at is not None:
        record_event("inquiry_report_dismissed", actor=organiser, subject=f"inquiry:{inquiry.id}")
        inquiry.spam_reported_at = None
        inquiry.spam_reported_by_id = None
        db.session.flush()


def pending_reviews() -> list[tuple[SpamReview, int, list[Inquiry]]]:
    """The staff queue, oldest first: (review, independent reporters now, the buyer's reported threads)."""
    reviews = (
        db.session.scalars(
            select(SpamReview).where(SpamReview.status == PENDING).order_by(SpamReview.opened_at, SpamReview.id)
        )
        .unique()
        .all()
    )
    rows = []
    for review in reviews:
        threads = (
            db.session.scalars(
                select(Inquiry)
                .where(Inquiry.buyer_id == review.buyer_id, Inquiry.spam_reported_at.is_not(None))
                .order_by(Inquiry.spam_reported_at.desc())
            )
            .unique()
            .all()
        )
        rows.append((review, independent_reporters(review.buyer), list(threads)))
    return rows


def get_review(review_id: int) -> SpamReview | None:
    if not 0 < review_id <= 2**31 - 1:
        return None
    return db.session.get(SpamReview, review_id)
