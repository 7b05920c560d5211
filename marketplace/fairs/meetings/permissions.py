"""Who may do what with meetings: verified buyers ask, exhibitors' own accounts answer, nobody else sees."""

from marketplace.core.permissions import BUYER, PRODUCER, has_role
from marketplace.producers.permissions import is_member

BUYER_SIDE, EXHIBITOR_SIDE = "buyer", "exhibitor"


def can_request_meetings(user) -> bool:
    """Buyers with a confirmed email address, as for inquiries."""
    return has_role(user, BUYER) and user.is_verified


def can_act_for_exhibitor(user, producer) -> bool:
    return has_role(user, PRODUCER) and is_member(user, producer)


def side_of(user, meeting) -> str | None:
    """The part this account plays in the meeting, or None: then it may not even know it exists."""
    if not getattr(user, "is_authenticated", False):
        return None
    if meeting.buyer_id == user.id:
        return BUYER_SIDE
    if can_act_for_exhibitor(user, meeting.slot.producer):
        return EXHIBITOR_SIDE
    return None
