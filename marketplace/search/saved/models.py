"""A saved search (the words and filters of a catalogue search, and how often to mail it) and the
products already mailed for it, so no product is mailed twice for the same search."""

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

DAILY, WEEKLY = "daily", "weekly"
FREQUENCIES = (DAILY, WEEKLY)


class SavedSearch(TimestampMixin, db.Model):
    """`filters` holds the catalogue's cleaned filters (catalogue.queries.clean_filters); `fingerprint`
    identifies the same words and filters, so saving a search twice changes the first one."""

    __tablename__ = "saved_searches"
    __table_args__ = (
        UniqueConstraint("user_id", "fingerprint"),
        CheckConstraint("frequency IN ('daily', 'weekly')", name="frequency"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    query: Mapped[str] = mapped_column(String(200), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    frequency: Mapped[str] = mapped_column(String(8), default=DAILY)
    fingerprint: Mapped[str] = mapped_column(String(64))
    # When the digest last looked for new products (mailed or not); None until its first run.
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")


class SavedSearchDelivery(db.Model):
    """One product mailed for one saved search."""

    __tablename__ = "saved_search_deliveries"
    __table_args__ = (UniqueConstraint("saved_search_id", "product_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(ForeignKey("saved_searches.id", ondelete="CASCADE"))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
