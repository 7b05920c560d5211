"""Who may act for a producer: its member accounts and the centre's staff."""

from sqlalchemy import select

from marketplace.core.permissions import PRODUCER, has_role, is_staff
from marketplace.extensions import db
from marketplace.producers.models import Producer, ProducerMember


def is_member(user, producer: Producer) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.execute(
        select(ProducerMember.id).where(
            ProducerMember.producer_id == producer.id, ProducerMember.user_id == user.id
        )
    ).first() is not None


def can_edit_producer(user, producer: Producer) -> bool:
    return is_staff(user) or (has_role(user, PRODUCER) and is_member(user, producer))


def can_create_producer(user) -> bool:
    """A producer account creates its own profile; staff create profiles on producers' behalf."""
    return is_staff(user) or has_role(user, PRODUCER)


def can_verify_producer(user) -> bool:
    return is_staff(user)


def producers_of(user) -> list[Producer]:
    """The establishments this account acts for (usually one)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        db.session.execute(
            select(Producer).join(ProducerMember).where(ProducerMember.user_id == user.id).order_by(Producer.name)
        ).scalars()
    )
