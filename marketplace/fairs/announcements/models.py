"""Announcements (news and calls), producers' subscriptions to calls, and the calls already mailed."""

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

NEWS, CALL = "news", "call"  # a call asks producers to act: register, apply, enrol in a course
KINDS = (NEWS, CALL)
DRAFT, PUBLISHED = "draft", "published"


class Announcement(TimestampMixin, db.Model):
    __tablename__ = "announcements"
    __table_args__ = (
        CheckConstraint("kind IN ('news', 'call')", name="kind"),
        CheckConstraint("status IN ('draft', 'published')", name="status"),
        CheckConstraint("product_group IS NULL OR product_group BETWEEN 1 AND 4", name="product_group"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8), default=NEWS)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # plain text; paragraphs separated by blank lines
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="SET NULL"))
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("award_programmes.id", ondelete="SET NULL"))
    # Whom a call is for: empty means every province / every product group.
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    product_group: Mapped[int | None] = mapped_column(SmallInteger)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    fair = relationship("Fair")
    programme = relationship("Programme")
    province = relationship("ProvinceRow")

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.body.replace("\r\n", "\n").split("\n\n") if part.strip()]


class CallSubscription(TimestampMixin, db.Model):
    """A producer account's wish to be mailed new calls: open to everyone, or for the ticked provinces
    and product groups (their own, by default)."""

    __tablename__ = "call_subscriptions"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    provinces: Mapped[list] = mapped_column(JSON, default=list)
    groups: Mapped[list] = mapped_column(JSON, default=list)

    user = relationship("User")


class CallDelivery(db.Model):
    """One call mailed to one account: the unique pair means nobody is mailed a call twice."""

    __tablename__ = "call_deliveries"
    __table_args__ = (UniqueConstraint("announcement_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
