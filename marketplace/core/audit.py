"""The audit log: who did what, when, from where. Rows are only ever added."""

from datetime import datetime

from flask import has_request_context, request
from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import UTCDateTime, utcnow
from marketplace.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    subject: Mapped[str | None] = mapped_column(String(200))
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User", lazy="joined")


def record_event(action: str, actor=None, subject: str | None = None, **detail) -> AuditEvent:
    """Add an audit row to the current unit of work; it is committed with the change it describes."""
    event = AuditEvent(
        action=action,
        actor_id=getattr(actor, "id", None),
        subject=subject,
        ip=request.remote_addr if has_request_context() else None,
        detail=detail or None,
    )
    db.session.add(event)
    return event
