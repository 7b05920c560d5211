"""Products, their categories, photos and certifications."""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import TimestampMixin, UTCDateTime
from marketplace.extensions import db

DRAFT, PUBLISHED, ARCHIVED = "draft", "published", "archived"
PRODUCT_STATUSES = (DRAFT, PUBLISHED, ARCHIVED)

CERTIFICATION_KINDS = (
    "vietgap",
    "haccp",
    "iso22000",
    "food_safety",
    "self_declaration",
    "ocop",
    "cnnt_standout",
    "other",
)
# Titles only the state grants (OCOP stars) or the standout-product selection awards: the site shows,
# filters and ranks by them only when the awards module or the centre's staff recorded or checked them.
GRANTED_KINDS = ("ocop", "cnnt_standout")
MAX_PRODUCT_PHOTOS = 8


class Category(db.Model):
    """A finer category inside a CNNT product group (e.g. "Mây tre đan" in handicrafts)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("group_number", "slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_number: Mapped[int] = mapped_column(SmallInteger)
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))
    slug: Mapped[str] = mapped_column(String(140))


class Product(TimestampMixin, db.Model):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("producer_id", "code"),
        CheckConstraint("group_number BETWEEN 1 AND 4", name="group_number"),
        CheckConstraint("price_vnd IS NULL OR price_vnd >= 0", name="price_vnd"),
        CheckConstraint("ocop_stars BETWEEN 0 AND 5", name="ocop_stars"),
        Index("ix_products_status_group", "status", "group_number"),
        # Migration 0013_scale_pages: the newest products (home page), and one producer's published products.
        Index("ix_products_status_newest", "status", text("coalesce(published_at, created_at) DESC"), text("id DESC")),
        Index("ix_products_producer_status", "producer_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220))
    group_number: Mapped[int] = mapped_column(SmallInteger)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("categories.id"), index=True)
    is_product_set: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    price_vnd: Mapped[int | None] = mapped_column(BigInteger)  # None: price on request
    unit: Mapped[str | None] = mapped_column(String(40))
    min_order_qty: Mapped[int | None] = mapped_column(Integer)
    annual_output: Mapped[str | None] = mapped_column(String(120))
    packaging: Mapped[str | None] = mapped_column(String(200))
    # Highest valid OCOP rating, kept on the row so listings can filter without a join.
    ocop_stars: Mapped[int] = mapped_column(SmallInteger, default=0)
    status: Mapped[str] = mapped_column(String(12), default=DRAFT, index=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    producer = relationship("Producer", backref="products", lazy="joined")
    category: Mapped[Category | None] = relationship(lazy="joined")
    photos: Mapped[list["ProductPhoto"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductPhoto.position"
    )
    certifications: Mapped[list["Certification"]] = relationship(
        back_populates="product",
        cascade="all, delete-orphan",
        foreign_keys="Certification.product_id",
    )

    @property
    def is_published(self) -> bool:
        return self.status == PUBLISHED


class ProductPhoto(db.Model):
    __tablename__ = "product_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    alt: Mapped[str | None] = mapped_column(String(200))

    product: Mapped[Product] = relationship(back_populates="photos")


class Certification(db.Model):
    """A certificate held by a product (or by the producer as a whole), with its validity."""

    __tablename__ = "certifications"
    __table_args__ = (
        CheckConstraint("(product_id IS NULL) <> (producer_id IS NULL)", name="one_holder"),
        CheckConstraint("stars IS NULL OR stars BETWEEN 1 AND 5", name="stars"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int | None] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    number: Mapped[str | None] = mapped_column(String(60))
    issuer: Mapped[str | None] = mapped_column(String(160))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    stars: Mapped[int | None] = mapped_column(SmallInteger)  # OCOP
    level: Mapped[str | None] = mapped_column(String(20))  # CNNT standout level
    year: Mapped[int | None] = mapped_column(SmallInteger)
    # False: entered by the producer (self-declared). True: granted by the awards module, entered or
    # checked by staff, or brought by the centre's catalogue import.
    verified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    product: Mapped[Product | None] = relationship(back_populates="certifications", foreign_keys=[product_id])

    @property
    def self_declared(self) -> bool:
        """A granted title (OCOP, standout) nobody with the authority to grant it has recorded or checked."""
        return self.kind in GRANTED_KINDS and not self.verified

    @property
    def counts(self) -> bool:
        """Whether badges, filters and ranking may rely on it."""
        return not self.self_declared

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )
