"""Who may see and act on a thread, a quote and a buying request: the two parties, and staff for moderation."""

from marketplace.core.permissions import BUYER, PRODUCER, has_role, is_staff
from marketplace.inquiries.models import ACCEPTED, CLOSED, OPEN
from marketplace.inquiries.models import BUYER as BUYER_SIDE
from marketplace.inquiries.models import PRODUCER as PRODUCER_SIDE
from marketplace.producers.permissions import is_member


def can_send_inquiry(user) -> bool:
    """Buyers with a confirmed email address write to producers."""
    return has_role(user, BUYER) and user.is_verified


def side_of(user, inquiry) -> str | None:
    """ "buyer", "producer" or None: the part this account plays in the thread.
    A thread the producer reported as spam is gone from the producer's side."""
    if not getattr(user, "is_authenticated", False):
        return None
    if inquiry.buyer_id == user.id:
        return BUYER_SIDE
    if has_role(user, PRODUCER) and inquiry.spam_reported_at is None and is_member(user, inquiry.producer):
        return PRODUCER_SIDE
    return None


def can_view_thread(user, inquiry) -> bool:
    """The two parties; staff only when the thread was reported (to judge the report, nothing else)."""
    return side_of(user, inquiry) is not None or (is_staff(user) and inquiry.spam_reported_at is not None)


def can_write_in_thread(user, inquiry) -> bool:
    return side_of(user, inquiry) is not None


def can_quote(user, inquiry) -> bool:
    return side_of(user, inquiry) == PRODUCER_SIDE and inquiry.status != CLOSED


def can_decide_quote(user, quote) -> bool:
    return side_of(user, quote.inquiry) == BUYER_SIDE and quote.status == OPEN and quote.inquiry.status != CLOSED


def can_close_thread(user, inquiry) -> bool:
    return side_of(user, inquiry) is not None and inquiry.status != CLOSED


def can_report_spam(user, inquiry) -> bool:
    """The producer's side, on a thread the buyer started (never one the producer opened by answering a
    buying request: that would let a producer manufacture reports), before any deal was made."""
    return (
        side_of(user, inquiry) == PRODUCER_SIDE
        and inquiry.started_by == BUYER_SIDE
        and not any(q.status == ACCEPTED for q in inquiry.quotes)
    )


def can_moderate(user) -> bool:
    """Organisers and admins hide buying requests and review reported threads."""
    return is_staff(user)


def can_post_request(user) -> bool:
    return can_send_inquiry(user)


def can_view_request(user, request) -> bool:
    """Hidden requests stay visible to their buyer and to staff only."""
    return (
        request.hidden_at is None
        or is_staff(user)
        or (getattr(user, "is_authenticated", False) and request.buyer_id == user.id)
    )


def can_answer_request(user, request, today) -> bool:
    return has_role(user, PRODUCER) and user.is_verified and request.is_open_on(today) and request.buyer_id != user.id


def can_close_request(user, request) -> bool:
    return getattr(user, "is_authenticated", False) and request.buyer_id == user.id and request.status == OPEN
