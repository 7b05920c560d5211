"""A lead: a buyer met at an exhibitor's booth, with the products asked about and the exhibitor's private
note and rating. Withdrawn by the buyer, it stays for counts without anything that names the buyer."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, SmallInteger, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import UTCDateTime, utcnow
from marketplace.extensions import db

RATINGS = (1, 2, 3, 4, 5)  # stars: 1 a passing visitor, 5 ready to order


class Lead(db.Model):
    __tablename__ = "fair_leads"
    __table_args__ = (
        # Scanning the same buyer again at the same fair continues this row (parallel scans: one wins).
        UniqueConstraint("fair_id", "producer_id", "buyer_id"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        # A withdrawn lead names nobody: no buyer, no note, no thread.
        CheckConstraint(
            "withdrawn_at IS NULL OR (buyer_id IS NULL AND note IS NULL AND inquiry_id IS NULL)",
            name="withdrawn_anonymous",
        ),
        Index("ix_fair_leads_fair_producer", "fair_id", "producer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"))
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)  # the exhibitor's own: never in the thread
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    scans: Mapped[int] = mapped_column(Integer, default=1)
    scanned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_scanned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    fair = relationship("Fair")
    producer = relationship("Producer")
    buyer = relationship("User", foreign_keys=[buyer_id])
    scanned_by = relationship("User", foreign_keys=[scanned_by_id])
    inquiry = relationship("Inquiry")
    items: Mapped[list["LeadProduct"]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="LeadProduct.id"
    )

    @property
    def products(self) -> list:
        return [item.product for item in self.items]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class LeadProduct(db.Model):
    """A product of the exhibitor the buyer asked about at the booth."""

    __tablename__ = "fair_lead_products"
    __table_args__ = (UniqueConstraint("lead_id", "product_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("fair_leads.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)

    lead: Mapped[Lead] = relationship(back_populates="items")
    product = relationship("Product")
