"""Who may act for a producer: its member accounts whose email is confirmed, and the centre's staff.

Every area asks here (`is_member`, `producers_of`), on the web and in the API, so an account whose
address nobody has proven (someone may have registered with a cooperative's email) acts for no
establishment until it is confirmed; the refusal then says so (see core.permissions)."""

from sqlalchemy import select

from marketplace.core.permissions import PRODUCER, has_role, is_staff, note_email_unconfirmed
from marketplace.extensions import db
from marketplace.producers.models import Producer, ProducerMember


def _confirmed(user) -> bool:
    return bool(getattr(user, "is_verified", False))


def is_member(user, producer: Producer) -> bool:
    """Whether the account acts for this establishment (a member with a confirmed email)."""
    if not getattr(user, "is_authenticated", False):
        return False
    member = (
        db.session.execute(
            select(ProducerMember.id).where(
                ProducerMember.producer_id == producer.id, ProducerMember.user_id == user.id
            )
        ).first()
        is not None
    )
    if member and not _confirmed(user):
        note_email_unconfirmed()
        return False
    return member


def can_edit_producer(user, producer: Producer) -> bool:
    return is_staff(user) or (has_role(user, PRODUCER) and is_member(user, producer))


def can_create_producer(user) -> bool:
    """A producer account with a confirmed email creates its own profile; staff create profiles on
    producers' behalf."""
    if is_staff(user):
        return True
    if has_role(user, PRODUCER) and not _confirmed(user):
        note_email_unconfirmed()
        return False
    return has_role(user, PRODUCER)


def can_verify_producer(user) -> bool:
    return is_staff(user)


def producers_of(user) -> list[Producer]:
    """The establishments this account acts for (usually one; none until its email is confirmed)."""
    if not getattr(user, "is_authenticated", False):
        return []
    producers = list(
        db.session.execute(
            select(Producer).join(ProducerMember).where(ProducerMember.user_id == user.id).order_by(Producer.name)
        ).scalars()
    )
    if producers and not _confirmed(user):
        note_email_unconfirmed()
        return []
    return producers
