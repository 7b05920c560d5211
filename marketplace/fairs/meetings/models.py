"""The meeting slots an exhibitor offers during a fair, and the meetings buyers request in them."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from marketplace.core.models import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

REQUESTED, ACCEPTED, DECLINED, CANCELLED = "requested", "accepted", "declined", "cancelled"
MEETING_STATUSES = (REQUESTED, ACCEPTED, DECLINED, CANCELLED)
LIVE = (REQUESTED, ACCEPTED)  # a meeting in one of these occupies its slot
LIVE_MEETING_SQL = "status IN ('requested', 'accepted')"


class MeetingSlot(db.Model):
    """A time an exhibitor (a producer with a paid booth) is free to meet a buyer at the fair."""

    __tablename__ = "fair_meeting_slots"
    __table_args__ = (
        # One producer is never offered twice at the same moment (overlaps are refused in Python too).
        UniqueConstraint("producer_id", "starts_at"),
        CheckConstraint("ends_at > starts_at", name="times"),
        Index("ix_fair_meeting_slots_fair_producer", "fair_id", "producer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Set when the exhibitor takes back a slot that already has (ended) meetings: kept for their history.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    fair = relationship("Fair")
    producer = relationship("Producer")
    meetings: Mapped[list["Meeting"]] = relationship(back_populates="slot", order_by="Meeting.id")


class Meeting(TimestampMixin, db.Model):
    """A buyer's request to meet an exhibitor in one slot, and the exhibitor's answer."""

    __tablename__ = "fair_meetings"
    __table_args__ = (
        # NEVER DOUBLE-BOOKED: at most one requested or accepted meeting per slot.
        Index(
            "uq_fair_meetings_live_slot",
            "slot_id",
            unique=True,
            sqlite_where=text(LIVE_MEETING_SQL),
            postgresql_where=text(LIVE_MEETING_SQL),
        ),
        # One live meeting per buyer and exhibitor at a fair, whatever the timing of the requests.
        Index(
            "uq_fair_meetings_live_buyer_exhibitor",
            "buyer_id",
            "fair_id",
            "producer_id",
            unique=True,
            sqlite_where=text(LIVE_MEETING_SQL),
            postgresql_where=text(LIVE_MEETING_SQL),
        ),
        CheckConstraint("status IN ('requested', 'accepted', 'declined', 'cancelled')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("fair_meeting_slots.id", ondelete="CASCADE"), index=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The slot's fair and exhibitor, copied here so the index above can guard the pair.
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default=REQUESTED)
    message: Mapped[str] = mapped_column(Text)
    reply: Mapped[str | None] = mapped_column(Text)  # the exhibitor's word with an answer (optional)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    slot: Mapped[MeetingSlot] = relationship(back_populates="meetings")
    buyer = relationship("User", foreign_keys=[buyer_id])

    @validates("slot")
    def _copy_from_slot(self, _key, slot: MeetingSlot) -> MeetingSlot:
        self.fair_id = slot.fair_id if slot.fair_id is not None else slot.fair.id
        self.producer_id = slot.producer_id if slot.producer_id is not None else slot.producer.id
        return slot

    @property
    def is_live(self) -> bool:
        return self.status in LIVE
