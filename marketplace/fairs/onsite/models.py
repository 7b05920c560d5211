"""At the fair's gate: the staff badges exhibitors name, and the check-ins recorded when badges enter."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import UTCDateTime, utcnow
from marketplace.extensions import db


class ExhibitorBadge(db.Model):
    """One person staffing an exhibitor's booth(s) at one fair; the row id is the number in its QR code
    (codes.badge_code("E", id)). Deleting the row withdraws the printed badge: its code no longer enters."""

    __tablename__ = "fair_exhibitor_badges"
    __table_args__ = (Index("ix_fair_exhibitor_badges_fair_producer", "fair_id", "producer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    person_name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    fair = relationship("Fair")
    producer = relationship("Producer")


class CheckIn(db.Model):
    """A badge let in at the gate on one day (Vietnam time). One row per badge per fair per day, so a
    badge scanned twice, at two gates or resent from a phone that was offline, counts once."""

    __tablename__ = "fair_check_ins"
    __table_args__ = (
        UniqueConstraint("fair_id", "badge_kind", "badge_number", "day"),
        # The phone's own id for the scan: a batch sent twice (the answer was lost) changes nothing.
        UniqueConstraint("scan_id"),
        CheckConstraint("badge_kind IN ('E', 'V')", name="badge_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))  # the unique key leads with it
    badge_kind: Mapped[str] = mapped_column(String(1))
    badge_number: Mapped[int] = mapped_column(BigInteger)  # an ExhibitorBadge id (E) or a users.id (V)
    day: Mapped[date] = mapped_column(Date)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())  # at the gate, possibly offline
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)  # reached the server
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scan_id: Mapped[str] = mapped_column(String(64))

    recorded_by = relationship("User")
