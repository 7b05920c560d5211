"""Who may do what with fairs: organisers manage; producers book for the establishments they act for."""

from marketplace.core.permissions import PRODUCER, has_role, is_staff
from marketplace.producers.permissions import is_member, producers_of


def can_manage_fairs(user) -> bool:
    return is_staff(user)


def bookable_producers(user) -> list:
    """The establishments this account may book booths for (a producer account's own)."""
    return producers_of(user) if has_role(user, PRODUCER) else []


def can_book_for(user, producer) -> bool:
    return has_role(user, PRODUCER) and is_member(user, producer)


def can_view_booking(user, booking) -> bool:
    """Its producer's accounts and the organisers; everyone else gets a 404 (no leak)."""
    return is_staff(user) or can_book_for(user, booking.producer)


def can_see_fair(user, fair) -> bool:
    return fair.is_published or is_staff(user)
