"""Standout-product programmes, their dossiers, jury sheets, public votes and certificates."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.awards import rules
from marketplace.core.models import TimestampMixin, UTCDateTime, utcnow
from marketplace.extensions import db


class Programme(TimestampMixin, db.Model):
    """One yearly selection at one level over one area (bình chọn sản phẩm CNNT tiêu biểu)."""

    __tablename__ = "award_programmes"
    __table_args__ = (
        CheckConstraint("level IN ('commune', 'province', 'region', 'national')", name="level"),
        CheckConstraint("pass_mark BETWEEN 0 AND 100", name="pass_mark"),
        CheckConstraint("vote_weight BETWEEN 0 AND 100", name="vote_weight"),
        CheckConstraint(f"new_account_hours BETWEEN 1 AND {rules.MAX_NEW_ACCOUNT_HOURS}", name="new_account_hours"),
        CheckConstraint(f"burst_votes BETWEEN 2 AND {rules.MAX_ANOMALY_VOTES}", name="burst_votes"),
        CheckConstraint(f"address_votes BETWEEN 2 AND {rules.MAX_ANOMALY_VOTES}", name="address_votes"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(SmallInteger)
    level: Mapped[str] = mapped_column(String(12))
    # The area it covers: a province (province level), a commune (commune level), a region, or all.
    province_code: Mapped[str | None] = mapped_column(ForeignKey("provinces.code"))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    region: Mapped[str | None] = mapped_column(String(10))
    group_numbers: Mapped[str] = mapped_column(String(10), default="1,2,3,4")  # "1,2": the groups it runs
    description: Mapped[str | None] = mapped_column(Text)
    phase: Mapped[str] = mapped_column(String(12), default=rules.DRAFT, index=True)
    # The planned timeline, shown to everyone; the phase itself moves only when an organiser moves it.
    nomination_closes_on: Mapped[date | None] = mapped_column(Date)
    judging_closes_on: Mapped[date | None] = mapped_column(Date)
    results_on: Mapped[date | None] = mapped_column(Date)
    pass_mark: Mapped[int] = mapped_column(SmallInteger, default=rules.DEFAULT_PASS_MARK)
    min_scores_per_entry: Mapped[int] = mapped_column(SmallInteger, default=3)
    disagreement_points: Mapped[int] = mapped_column(SmallInteger, default=20)
    requires_lower_level: Mapped[bool] = mapped_column(Boolean, default=False)
    quota_per_group: Mapped[int | None] = mapped_column(SmallInteger)  # None: no quota (none in law)
    voting_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    vote_weight: Mapped[int] = mapped_column(SmallInteger, default=0)  # percent; 0: shown beside, never counted
    voting_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voting_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The anomaly report's thresholds: no rule sets them, so the organiser tunes them to the programme.
    # An account younger than this when it voted is new; this many new-account votes for one entry in
    # one hour make a burst; this many votes from one address are worth a look.
    new_account_hours: Mapped[int] = mapped_column(
        SmallInteger, default=rules.DEFAULT_NEW_ACCOUNT_HOURS, server_default=str(rules.DEFAULT_NEW_ACCOUNT_HOURS)
    )
    burst_votes: Mapped[int] = mapped_column(
        SmallInteger, default=rules.DEFAULT_BURST_VOTES, server_default=str(rules.DEFAULT_BURST_VOTES)
    )
    address_votes: Mapped[int] = mapped_column(
        SmallInteger, default=rules.DEFAULT_ADDRESS_VOTES, server_default=str(rules.DEFAULT_ADDRESS_VOTES)
    )
    # The council's approval of the list, and the People's Committee decision that follows.
    council_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    council_approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    council_reference: Mapped[str | None] = mapped_column(String(200))
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(String(200))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="Criterion.position"
    )
    nominations: Mapped[list["Nomination"]] = relationship(back_populates="programme", cascade="all, delete-orphan")
    jurors: Mapped[list["Juror"]] = relationship(back_populates="programme", cascade="all, delete-orphan")
    province = relationship("ProvinceRow")
    commune = relationship("CommuneRow")
    council_approved_by = relationship("User", foreign_keys=[council_approved_by_id])

    @property
    def groups(self) -> list[int]:
        return [int(n) for n in self.group_numbers.split(",") if n]

    @property
    def max_total(self) -> int:
        return sum(c.max_points for c in self.criteria)

    def voting_open(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return (
            self.phase == rules.VOTING
            and self.voting_opens_at is not None
            and self.voting_closes_at is not None
            and self.voting_opens_at <= now < self.voting_closes_at
        )

    def __repr__(self) -> str:
        return f"<Programme {self.id} {self.year} {self.level}>"


class Criterion(db.Model):
    """One line of the score sheet with its maximum (official: 40/40/10/10)."""

    __tablename__ = "award_criteria"
    __table_args__ = (
        UniqueConstraint("programme_id", "code"),
        CheckConstraint("max_points BETWEEN 1 AND 100", name="max_points"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("award_programmes.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    max_points: Mapped[int] = mapped_column(SmallInteger)

    programme: Mapped[Programme] = relationship(back_populates="criteria")


DOSSIER_DRAFT, SUBMITTED, RETURNED, ACCEPTED, REJECTED = "draft", "submitted", "returned", "accepted", "rejected"
NOMINATION_STATUSES = (DOSSIER_DRAFT, SUBMITTED, RETURNED, ACCEPTED, REJECTED)


class Nomination(TimestampMixin, db.Model):
    """A product put forward into one group of a programme, with its dossier (hồ sơ)."""

    __tablename__ = "award_nominations"
    __table_args__ = (
        UniqueConstraint("programme_id", "product_id"),
        UniqueConstraint("programme_id", "code"),
        CheckConstraint("group_number BETWEEN 1 AND 4", name="group_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("award_programmes.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    producer_id: Mapped[int] = mapped_column(ForeignKey("producers.id", ondelete="CASCADE"), index=True)
    group_number: Mapped[int] = mapped_column(SmallInteger)
    code: Mapped[str] = mapped_column(String(20))  # the entry code jurors see on their sheet
    status: Mapped[str] = mapped_column(String(12), default=DOSSIER_DRAFT, index=True)
    # The registration form (phiếu đăng ký).
    description: Mapped[str | None] = mapped_column(Text)
    production: Mapped[str | None] = mapped_column(Text)  # how and how much is made, since when
    markets: Mapped[str | None] = mapped_column(Text)
    made_in_series: Mapped[bool] = mapped_column(Boolean, default=False)
    own_product: Mapped[bool] = mapped_column(Boolean, default=False)
    meets_standards: Mapped[bool] = mapped_column(Boolean, default=False)  # quality, safety, environment, IP
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    on_behalf: Mapped[bool] = mapped_column(Boolean, default=False)  # filed by staff for the producer
    previous_certificate_id: Mapped[int | None] = mapped_column(
        ForeignKey("award_certificates.id", ondelete="SET NULL", use_alter=True)
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    screened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    screening_note: Mapped[str | None] = mapped_column(Text)
    # The organiser's decision on ties or quotas: None follows the rule (pass mark, quota), else overrides.
    award_override: Mapped[bool | None] = mapped_column(Boolean)
    decision_note: Mapped[str | None] = mapped_column(String(500))
    # Frozen at publication: what the public results page and the certificate show.
    jury_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    public_votes: Mapped[int | None] = mapped_column(Integer)
    rank: Mapped[int | None] = mapped_column(SmallInteger)
    awarded: Mapped[bool | None] = mapped_column(Boolean)

    programme: Mapped[Programme] = relationship(back_populates="nominations")
    product = relationship("Product", lazy="joined")
    producer = relationship("Producer")
    documents: Mapped[list["Document"]] = relationship(
        back_populates="nomination", cascade="all, delete-orphan", order_by="Document.id"
    )
    sheets: Mapped[list["ScoreSheet"]] = relationship(back_populates="nomination", cascade="all, delete-orphan")
    previous_certificate = relationship("Certificate", foreign_keys=[previous_certificate_id])


REGISTRATION, PHOTO, QUALITY, AWARD, OTHER_DOC = "registration", "photo", "quality", "award", "other"
DOCUMENT_KINDS = (REGISTRATION, PHOTO, QUALITY, AWARD, OTHER_DOC)


class Document(db.Model):
    """A file of the dossier: checked by content, stored under a random key, served as a download."""

    __tablename__ = "award_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(12))  # "pdf" or "image"
    storage_key: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    nomination: Mapped[Nomination] = relationship(back_populates="documents")


class Juror(db.Model):
    """An account appointed to the jury (ban giám khảo) of a programme for one product group."""

    __tablename__ = "award_jurors"
    __table_args__ = (UniqueConstraint("programme_id", "user_id", "group_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("award_programmes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_number: Mapped[int] = mapped_column(SmallInteger)
    # Where the juror lives or works: entries from the same commune are a conflict of interest.
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    appointed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    programme: Mapped[Programme] = relationship(back_populates="jurors")
    user = relationship("User", lazy="joined")


class Conflict(db.Model):
    """A conflict of interest a juror declared for one entry; the juror never scores it."""

    __tablename__ = "award_conflicts"
    __table_args__ = (UniqueConstraint("nomination_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


ASSIGNED, SHEET_DRAFT, SHEET_SUBMITTED = "assigned", "draft", "submitted"


class ScoreSheet(db.Model):
    """One juror's sheet for one entry (phiếu chấm điểm): assigned, then draft, then submitted (locked)."""

    __tablename__ = "award_score_sheets"
    __table_args__ = (UniqueConstraint("nomination_id", "juror_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    juror_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=ASSIGNED)
    comments: Mapped[str | None] = mapped_column(Text)
    total: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    saved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    nomination: Mapped[Nomination] = relationship(back_populates="sheets")
    juror = relationship("User", lazy="joined")
    scores: Mapped[list["Score"]] = relationship(back_populates="sheet", cascade="all, delete-orphan")

    @property
    def is_locked(self) -> bool:
        return self.status == SHEET_SUBMITTED


class Score(db.Model):
    __tablename__ = "award_scores"
    __table_args__ = (UniqueConstraint("sheet_id", "criterion_id"), CheckConstraint("points >= 0", name="points"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("award_score_sheets.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("award_criteria.id", ondelete="CASCADE"))
    points: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    comment: Mapped[str | None] = mapped_column(String(500))

    sheet: Mapped[ScoreSheet] = relationship(back_populates="scores")
    criterion = relationship("Criterion")


class Vote(db.Model):
    """A public vote: one per account per product group per programme, enforced by the unique constraint."""

    __tablename__ = "award_votes"
    __table_args__ = (
        UniqueConstraint("programme_id", "group_number", "user_id"),
        Index("ix_award_votes_programme_ip", "programme_id", "ip"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("award_programmes.id", ondelete="CASCADE"))
    group_number: Mapped[int] = mapped_column(SmallInteger)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ip: Mapped[str | None] = mapped_column(String(64))
    # A voided vote still holds the account's place (it may not vote again in that group), and no longer counts.
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    void_reason: Mapped[str | None] = mapped_column(String(300))

    user = relationship("User", foreign_keys=[user_id])
    nomination = relationship("Nomination")


class Certificate(db.Model):
    """The certificate of an awarded product, as issued: a snapshot that later edits cannot change."""

    __tablename__ = "award_certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("award_nominations.id", ondelete="CASCADE"), unique=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)  # random: the public verification address
    level: Mapped[str] = mapped_column(String(12))
    programme_name: Mapped[str] = mapped_column(String(200))
    product_name: Mapped[str] = mapped_column(String(200))
    producer_name: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(255))
    group_number: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    decision_number: Mapped[str] = mapped_column(String(60))
    decision_date: Mapped[date] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id", ondelete="SET NULL"), index=True)
    catalogue_certification_id: Mapped[int | None] = mapped_column(ForeignKey("certifications.id", ondelete="SET NULL"))

    nomination = relationship("Nomination", foreign_keys=[nomination_id])

    def is_valid_on(self, day: date) -> bool:
        return self.issued_on <= day <= self.valid_until
