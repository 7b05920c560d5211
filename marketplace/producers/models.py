"""Producers (cơ sở CNNT): the establishments, the accounts acting for them, photos and checks."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.core.models import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db

ENTERPRISE, COOPERATIVE, COOPERATIVE_GROUP, HOUSEHOLD = (
    "enterprise",
    "cooperative",
    "cooperative_group",
    "household",
)
ESTABLISHMENT_TYPES = (ENTERPRISE, COOPERATIVE, COOPERATIVE_GROUP, HOUSEHOLD)


class Producer(TimestampMixin, db.Model):
    __tablename__ = "producers"
    # Migration 0013_scale_pages: the directory reads one province's producers by name, a page at a time.
    __table_args__ = (Index("ix_producers_province_slug", "province_code", "slug", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(220), index=True)
    establishment_type: Mapped[str] = mapped_column(String(20))
    # Unique when present: imports match producers on it. Stored without spaces, "0101234567[-001]".
    tax_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    registration_number: Mapped[str | None] = mapped_column(String(40))
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"), index=True)
    # An unknown commune is kept as written (with a warning at import) rather than dropped.
    commune_name: Mapped[str | None] = mapped_column(String(120))
    address: Mapped[str | None] = mapped_column(String(255))
    craft_village: Mapped[bool] = mapped_column(Boolean, default=False)
    craft_village_name: Mapped[str | None] = mapped_column(String(160))
    representative: Mapped[str | None] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(30))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    website: Mapped[str | None] = mapped_column(String(255))
    founded_year: Mapped[int | None] = mapped_column(Integer)
    workforce: Mapped[int | None] = mapped_column(Integer)
    capacity: Mapped[str | None] = mapped_column(String(255))
    raw_materials: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    is_published: Mapped[bool] = mapped_column(Boolean, default=True)
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    members: Mapped[list["ProducerMember"]] = relationship(back_populates="producer", cascade="all, delete-orphan")
    photos: Mapped[list["ProducerPhoto"]] = relationship(
        back_populates="producer", cascade="all, delete-orphan", order_by="ProducerPhoto.position"
    )
    checks: Mapped[list["VerificationCheck"]] = relationship(
        back_populates="producer", cascade="all, delete-orphan", order_by="VerificationCheck.checked_at"
    )
    province = relationship("ProvinceRow", lazy="joined")
    commune = relationship("CommuneRow", lazy="joined")

    @property
    def place_name(self) -> str:
        commune = self.commune.name if self.commune else self.commune_name
        return ", ".join(part for part in (commune, self.province.name if self.province else None) if part)

    def __repr__(self) -> str:
        return f"<Producer {self.id} {self.name!r}>"


class ProducerMember(db.Model):
    """An account acting for a producer; several accounts may act for one establishment."""

    __tablename__ = "producer_members"
    __table_args__ = (UniqueConstraint("producer_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    how: Mapped[str] = mapped_column(String(20), default="created")  # created | claimed | added

    producer: Mapped[Producer] = relationship(back_populates="members")
    user = relationship("User")


class ProducerPhoto(db.Model):
    __tablename__ = "producer_photos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    storage_key: Mapped[str] = mapped_column(String(80))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    caption: Mapped[str | None] = mapped_column(String(200))

    producer: Mapped[Producer] = relationship(back_populates="photos")


class VerificationCheck(db.Model):
    """What the centre checked about a producer, by whom and when ("tax code checked on …")."""

    __tablename__ = "producer_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(30))  # tax_code | registration | address | visit
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str | None] = mapped_column(String(255))

    producer: Mapped[Producer] = relationship(back_populates="checks")
    checked_by = relationship("User")
