"""Fairs, their halls, booth types and booths, the bookings of booths, and the waiting lists."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

DRAFT, PUBLISHED = "draft", "published"
FIRST_COME, BY_APPROVAL = "first_come", "approval"
BOOKING_MODES = (FIRST_COME, BY_APPROVAL)

# Booth kinds: a standard booth is 3 m x 3 m = 9 m² (Circular 11/2019/TT-BCT); the others are the
# usual variants. An organiser may define several types of one kind (e.g. two pavilion sizes).
STANDARD, CORNER, DOUBLE, PAVILION = "standard", "corner", "double", "pavilion"
BOOTH_KINDS = (STANDARD, CORNER, DOUBLE, PAVILION)
KIND_SIZES = {STANDARD: (3.0, 3.0), CORNER: (3.0, 3.0), DOUBLE: (6.0, 3.0), PAVILION: (6.0, 6.0)}

# Booking statuses. `applied` (an application awaiting the organiser, by-approval fairs),
# `requested` (the producer asked the organiser to assign a booth) and `rejected` are internal:
# the API maps them onto the contract's held | pending_payment | paid | cancelled | expired.
HELD, APPLIED, REQUESTED = "held", "applied", "requested"
PENDING_PAYMENT, PAID = "pending_payment", "paid"
CANCELLED, REJECTED, EXPIRED = "cancelled", "rejected", "expired"
BOOKING_STATUSES = (HELD, APPLIED, REQUESTED, PENDING_PAYMENT, PAID, CANCELLED, REJECTED, EXPIRED)
# Statuses that occupy their booth. The partial unique index below allows one such row per booth.
BOOTH_LIVE = (HELD, APPLIED, PENDING_PAYMENT, PAID)
# Statuses that count against a producer's capacity in a fair (a request has no booth yet).
ACTIVE = (*BOOTH_LIVE, REQUESTED)
# Statuses that lapse when `expires_at` passes: treated as expired at read time, swept later.
LAPSING = (HELD, PENDING_PAYMENT)
LIVE_BOOTH_SQL = "status IN ('held', 'applied', 'pending_payment', 'paid')"

WAITING, OFFERED, TAKEN, LEFT, LAPSED = "waiting", "offered", "taken", "left", "lapsed"


class Fair(TimestampMixin, db.Model):
    __tablename__ = "fairs"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates"),
        CheckConstraint("registration_closes_on >= registration_opens_on", name="registration"),
        CheckConstraint("subsidy_percent BETWEEN 0 AND 100", name="subsidy_percent"),
        # The budget is never overspent: reservations are a conditional UPDATE of this counter,
        # and the database refuses any write that would push it past the budget.
        CheckConstraint(
            "subsidy_committed_vnd >= 0 AND subsidy_committed_vnd <= subsidy_budget_vnd", name="subsidy_budget"
        ),
        CheckConstraint("max_booths_per_producer >= 1", name="capacity"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))  # English pages fall back to the Vietnamese
    venue: Mapped[str] = mapped_column(String(200))
    venue_en: Mapped[str | None] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    registration_opens_on: Mapped[date] = mapped_column(Date)
    registration_closes_on: Mapped[date] = mapped_column(Date)
    registration_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # closed early
    description: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    booking_mode: Mapped[str] = mapped_column(String(12), default=FIRST_COME)
    # Who may apply: empty lists mean "any"; verified_only means CNNT establishments the centre checked.
    verified_only: Mapped[bool] = mapped_column(Boolean, default=False)
    eligible_groups: Mapped[list] = mapped_column(JSON, default=list)
    eligible_provinces: Mapped[list] = mapped_column(JSON, default=list)
    max_booths_per_producer: Mapped[int] = mapped_column(SmallInteger, default=2)
    hold_minutes: Mapped[int] = mapped_column(Integer, default=30)
    payment_hold_hours: Mapped[int] = mapped_column(Integer, default=72)
    offer_hours: Mapped[int] = mapped_column(Integer, default=24)
    cancel_deadline: Mapped[date | None] = mapped_column(Date)  # producers cancel until this day
    subsidy_percent: Mapped[int] = mapped_column(SmallInteger, default=0)
    subsidy_cap_vnd: Mapped[int | None] = mapped_column(BigInteger)  # per booth; None: no cap
    subsidy_budget_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    subsidy_committed_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    subsidy_verified_only: Mapped[bool] = mapped_column(Boolean, default=False)
    subsidy_types: Mapped[list] = mapped_column(JSON, default=list)  # establishment types; empty: all
    # Bumped by every booking write: the UPDATE is the row lock that serialises a fair's bookings.
    lock_version: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    province = relationship("ProvinceRow", lazy="joined")
    halls: Mapped[list["Hall"]] = relationship(
        back_populates="fair", cascade="all, delete-orphan", order_by="Hall.position"
    )
    booth_types: Mapped[list["BoothType"]] = relationship(
        back_populates="fair", cascade="all, delete-orphan", order_by="BoothType.price_vnd"
    )

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED

    @property
    def has_subsidy(self) -> bool:
        return self.subsidy_percent > 0 and self.subsidy_budget_vnd > 0


class Hall(db.Model):
    """A hall or outdoor area of a fair; booth positions are metres from its top-left corner."""

    __tablename__ = "fair_halls"
    __table_args__ = (UniqueConstraint("fair_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer, default=0)
    width_m: Mapped[float] = mapped_column(Float, default=30.0)
    depth_m: Mapped[float] = mapped_column(Float, default=20.0)

    fair: Mapped[Fair] = relationship(back_populates="halls")
    booths: Mapped[list["Booth"]] = relationship(back_populates="hall", order_by="Booth.code")


class BoothType(db.Model):
    __tablename__ = "booth_types"
    __table_args__ = (
        UniqueConstraint("fair_id", "code"),
        CheckConstraint("price_vnd >= 0", name="price"),
        CheckConstraint("width_m > 0 AND depth_m > 0", name="size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20))  # used in the CSV plan import, e.g. "standard"
    kind: Mapped[str] = mapped_column(String(12), default=STANDARD)
    name: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str | None] = mapped_column(String(80))
    width_m: Mapped[float] = mapped_column(Float, default=3.0)
    depth_m: Mapped[float] = mapped_column(Float, default=3.0)
    price_vnd: Mapped[int] = mapped_column(BigInteger)
    inclusions: Mapped[str | None] = mapped_column(Text)  # what the price includes, one item a line
    inclusions_en: Mapped[str | None] = mapped_column(Text)

    fair: Mapped[Fair] = relationship(back_populates="booth_types")

    @property
    def area_m2(self) -> float:
        return round(self.width_m * self.depth_m, 2)

    @property
    def inclusion_list(self) -> list[str]:
        return [line.strip() for line in (self.inclusions or "").splitlines() if line.strip()]

    @property
    def inclusion_list_en(self) -> list[str]:
        """The English list, for English pages (empty: they show the Vietnamese one)."""
        return [line.strip() for line in (self.inclusions_en or "").splitlines() if line.strip()]


class Booth(db.Model):
    __tablename__ = "booths"
    __table_args__ = (
        UniqueConstraint("fair_id", "code"),
        CheckConstraint("w > 0 AND h > 0 AND x >= 0 AND y >= 0", name="geometry"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("fair_halls.id", ondelete="CASCADE"), index=True)
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    w: Mapped[float] = mapped_column(Float)
    h: Mapped[float] = mapped_column(Float)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # kept out of booking (pillar, stage)

    hall: Mapped[Hall] = relationship(back_populates="booths")
    booth_type: Mapped[BoothType] = relationship(lazy="joined")


class Booking(TimestampMixin, db.Model):
    """One producer's booking of one booth (or a request for the organiser to assign one)."""

    __tablename__ = "fair_bookings"
    __table_args__ = (
        # NEVER DOUBLE-BOOKED: at most one row per booth in a status that occupies it.
        Index(
            "uq_fair_bookings_live_booth",
            "booth_id",
            unique=True,
            sqlite_where=text(LIVE_BOOTH_SQL),
            postgresql_where=text(LIVE_BOOTH_SQL),
        ),
        CheckConstraint(
            "status IN ('held', 'applied', 'requested', 'pending_payment', 'paid', 'cancelled', 'rejected', 'expired')",
            name="status",
        ),
        CheckConstraint(
            "booth_id IS NOT NULL OR status NOT IN ('held', 'applied', 'pending_payment')", name="booth_when_live"
        ),
        CheckConstraint("subsidy_vnd >= 0 AND subsidy_vnd <= list_price_vnd", name="subsidy"),
        Index("ix_fair_bookings_fair_status", "fair_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    booth_id: Mapped[int | None] = mapped_column(ForeignKey("booths.id"))
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id"))
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default=HELD)
    origin: Mapped[str] = mapped_column(String(12), default="plan")  # plan | request | waitlist
    list_price_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    subsidy_vnd: Mapped[int] = mapped_column(BigInteger, default=0)
    subsidy_note: Mapped[str | None] = mapped_column(String(20))  # not_eligible | budget_exhausted
    # Whether subsidy_vnd counts against the fair's budget: from approval or payment, never from a
    # mere hold (holding booths must not drain the budget for others).
    subsidy_committed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("false"))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)  # the producer's message to the organiser
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    fair: Mapped[Fair] = relationship()
    booth: Mapped[Booth | None] = relationship()
    booth_type: Mapped[BoothType] = relationship()
    producer = relationship("Producer")
    user = relationship("User", foreign_keys=[user_id])
    products: Mapped[list["BookingProduct"]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="BookingProduct.id"
    )

    @property
    def reference(self) -> str:
        """Short, unique, ASCII: fits a bank-transfer note ("HC" for hội chợ, a fair)."""
        return f"HC-{self.id:06d}"

    @property
    def amount_due_vnd(self) -> int:
        return self.list_price_vnd - self.subsidy_vnd

    def is_lapsed(self, now: datetime | None = None) -> bool:
        return self.status in LAPSING and self.expires_at is not None and self.expires_at <= (now or utcnow())

    def current_status(self, now: datetime | None = None) -> str:
        """The status as of now: a lapsed hold reads as expired before any sweep writes it."""
        return EXPIRED if self.is_lapsed(now) else self.status


class BookingProduct(db.Model):
    """A product the producer will show at the booth (from their own catalogue)."""

    __tablename__ = "fair_booking_products"
    __table_args__ = (UniqueConstraint("booking_id", "product_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("fair_bookings.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)

    booking: Mapped[Booking] = relationship(back_populates="products")
    product = relationship("Product")


class WaitlistEntry(db.Model):
    """A producer waiting for a booth of one type in a full fair; offered freed booths in turn."""

    __tablename__ = "fair_waitlist"
    __table_args__ = (UniqueConstraint("booth_type_id", "producer_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fair_id: Mapped[int] = mapped_column(ForeignKey("fairs.id", ondelete="CASCADE"), index=True)
    booth_type_id: Mapped[int] = mapped_column(ForeignKey("booth_types.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default=WAITING)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    booking_id: Mapped[int | None] = mapped_column(ForeignKey("fair_bookings.id", ondelete="SET NULL"))

    fair: Mapped[Fair] = relationship()
    booth_type: Mapped[BoothType] = relationship()
    producer = relationship("Producer")
    user = relationship("User")
    booking: Mapped[Booking | None] = relationship()
