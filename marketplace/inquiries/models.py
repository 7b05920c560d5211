"""Inquiry threads between a buyer and a producer, their messages and quotes, buying requests, notices."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

# Thread statuses, in the order a conversation normally runs through them.
NEW, ANSWERED, QUOTED, CLOSED = "new", "answered", "quoted", "closed"
STATUSES = (NEW, ANSWERED, QUOTED, CLOSED)
# Why a thread was closed.
WON, LOST, NO_REPLY = "won", "lost", "no_reply"
OUTCOMES = (WON, LOST, NO_REPLY)
CONTACT_PREFERENCES = ("site", "email", "phone")
BUYER, PRODUCER = "buyer", "producer"  # the two sides of a thread

# Spam reviews of a buyer: waiting for staff, then the block confirmed or the reports dismissed.
PENDING, BLOCKED, DISMISSED = "pending", "blocked", "dismissed"
PENDING_REVIEW_SQL = "status = 'pending'"

# Quote statuses: open until the buyer decides.
OPEN, ACCEPTED, DECLINED = "open", "accepted", "declined"
QUOTE_STATUSES = (OPEN, ACCEPTED, DECLINED)


# The products a thread is about when it has several (a buyer met at a fair asked about more than one);
# `Inquiry.product` stays the first of them, as for a thread about one product.
inquiry_products = Table(
    "inquiry_products",
    db.metadata,
    Column("inquiry_id", ForeignKey("inquiries.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), primary_key=True),
)


class Inquiry(TimestampMixin, db.Model):
    """One conversation between a buyer account and a producer, about a product, the producer in
    general, or the buyer's public request (then the producer opened it by answering)."""

    __tablename__ = "inquiries"
    __table_args__ = (
        UniqueConstraint("request_id", "producer_id"),  # one answer thread per producer per request
        CheckConstraint("quantity IS NULL OR quantity > 0", name="quantity"),
        Index("ix_inquiries_producer_status", "producer_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("buying_requests.id", ondelete="CASCADE"))
    started_by: Mapped[str] = mapped_column(String(10), default=BUYER)
    quantity: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(40))
    target_price_vnd: Mapped[int | None] = mapped_column(BigInteger)
    delivery_province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    delivery_country: Mapped[str | None] = mapped_column(String(80))
    wanted_by: Mapped[date | None] = mapped_column(Date)
    contact_preference: Mapped[str] = mapped_column(String(10), default="site")
    contact_phone: Mapped[str | None] = mapped_column(String(30))  # asked for when the buyer wants a call
    status: Mapped[str] = mapped_column(String(10), default=NEW, index=True)
    outcome: Mapped[str | None] = mapped_column(String(10))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The producer's first answer (message or quote): the measure of responsiveness.
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_buyer_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_producer_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    buyer_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    producer_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Reported as spam by the producer: hidden from the producer, counted against the buyer.
    spam_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    spam_reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Started by an exhibitor who met the buyer at this fair (its outcome report counts them).
    origin_fair_id: Mapped[int | None] = mapped_column(ForeignKey("fairs.id", ondelete="SET NULL"), index=True)

    buyer = relationship("User", foreign_keys=[buyer_id], lazy="joined")
    producer = relationship("Producer", lazy="joined")
    product = relationship("Product")
    request = relationship("BuyingRequest", back_populates="threads")
    delivery_province = relationship("ProvinceRow")
    origin_fair = relationship("Fair")
    products = relationship("Product", secondary=inquiry_products, order_by="Product.id")
    messages: Mapped[list["Message"]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="Message.id"
    )
    quotes: Mapped[list["Quote"]] = relationship(
        back_populates="inquiry", cascade="all, delete-orphan", order_by="Quote.id"
    )

    @property
    def subject(self) -> str:
        if self.product is not None:
            return self.product.name
        if self.request is not None:
            return self.request.title
        return self.producer.name

    def unread_for(self, side: str) -> bool:
        """Whether the other side wrote since `side` last opened the thread."""
        other = self.last_producer_activity_at if side == BUYER else self.last_buyer_activity_at
        seen = self.buyer_read_at if side == BUYER else self.producer_read_at
        return other is not None and (seen is None or other > seen)


class Message(db.Model):
    __tablename__ = "inquiry_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    side: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # An optional attachment, checked like photos and stored privately (see attachments.py).
    attachment_key: Mapped[str | None] = mapped_column(String(40))
    attachment_name: Mapped[str | None] = mapped_column(String(120))
    attachment_kind: Mapped[str | None] = mapped_column(String(10))  # pdf | image
    attachment_size: Mapped[int | None] = mapped_column(Integer)

    inquiry: Mapped[Inquiry] = relationship(back_populates="messages")
    author = relationship("User")


class Quote(db.Model):
    """A producer's structured offer inside a thread; the buyer accepts or declines it (a lead, not an order)."""

    __tablename__ = "inquiry_quotes"
    __table_args__ = (
        CheckConstraint("unit_price_vnd >= 0", name="price"),
        CheckConstraint("min_quantity IS NULL OR min_quantity > 0", name="min_quantity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    inquiry_id: Mapped[int] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    unit_price_vnd: Mapped[int] = mapped_column(BigInteger)
    unit: Mapped[str | None] = mapped_column(String(40))
    min_quantity: Mapped[int | None] = mapped_column(Integer)
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    valid_until: Mapped[date] = mapped_column(Date)
    delivery_terms: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    inquiry: Mapped[Inquiry] = relationship(back_populates="quotes")
    author = relationship("User")

    def is_expired(self, today: date) -> bool:
        return self.valid_until < today


class BuyingRequest(TimestampMixin, db.Model):
    """A buyer's public request for quotes (RFQ); producers of its product group answer with quotes."""

    __tablename__ = "buying_requests"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    group_number: Mapped[int] = mapped_column(SmallInteger, index=True)
    details: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(40))
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    export_market: Mapped[str | None] = mapped_column(String(80))
    deadline: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(10), default=OPEN, index=True)  # open | closed
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    hidden_reason: Mapped[str | None] = mapped_column(String(200))

    buyer = relationship("User", foreign_keys=[buyer_id], lazy="joined")
    province = relationship("ProvinceRow")
    threads: Mapped[list[Inquiry]] = relationship(back_populates="request")

    def is_open_on(self, today: date) -> bool:
        """Open to answers: not closed by the buyer, not past its deadline, not hidden by a moderator."""
        return self.status == OPEN and self.deadline >= today and self.hidden_at is None


class NotificationSetting(db.Model):
    """How an account wants inquiry mail: one message per event (default) or one daily digest."""

    __tablename__ = "inquiry_notification_settings"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=False)


class Notice(db.Model):
    """Something a person should hear about. Mailed at once (mailed_at set when written), or left
    with mailed_at empty for the daily digest to pick up."""

    __tablename__ = "inquiry_notices"
    __table_args__ = (Index("ix_inquiry_notices_pending", "mailed_at", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(20))
    inquiry_id: Mapped[int | None] = mapped_column(ForeignKey("inquiries.id", ondelete="CASCADE"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("buying_requests.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user = relationship("User")
    inquiry = relationship("Inquiry")
    request = relationship("BuyingRequest")


class InquiryDraft(db.Model):
    """What a signed-out visitor typed, kept under a random cookie token while they register or log in."""

    __tablename__ = "inquiry_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class SpamReview(db.Model):
    """A buyer reported as spam by enough independent producers, waiting for staff: only a person
    blocks an account, never a count of reports (which one producer with many profiles could fill)."""

    __tablename__ = "inquiry_spam_reviews"
    __table_args__ = (
        # One open review per buyer, even when two reports arrive at once.
        Index(
            "uq_inquiry_spam_reviews_pending_buyer",
            "buyer_id",
            unique=True,
            sqlite_where=text(PENDING_REVIEW_SQL),
            postgresql_where=text(PENDING_REVIEW_SQL),
        ),
        CheckConstraint("status IN ('pending', 'blocked', 'dismissed')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buyer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    reporters: Mapped[int] = mapped_column(Integer, default=0)  # independent reporters when it opened
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

    buyer = relationship("User", foreign_keys=[buyer_id], lazy="joined")
    decided_by = relationship("User", foreign_keys=[decided_by_id])
