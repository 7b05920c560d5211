"""Nomination dossiers: file, fill, attach, submit, reuse at the next level, and screening by the organiser."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.awards import documents, rules
from marketplace.awards.errors import AwardError
from marketplace.awards.models import (
    ACCEPTED,
    DOCUMENT_KINDS,
    DOSSIER_DRAFT,
    PHOTO,
    REGISTRATION,
    REJECTED,
    RETURNED,
    SUBMITTED,
    Certificate,
    Document,
    Nomination,
    Programme,
)
from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.media.names import upload_name
from marketplace.producers.models import ESTABLISHMENT_TYPES

DOSSIER_FIELDS = ("description", "production", "markets", "made_in_series", "own_product", "meets_standards")
MIN_PHOTOS = 3  # domain.md: at least 3 colour photos from different angles
MAX_DOCUMENTS = 20
EDITABLE = (DOSSIER_DRAFT, RETURNED)
LOWER_LEVEL = {rules.PROVINCE: rules.COMMUNE, rules.REGION: rules.PROVINCE, rules.NATIONAL: rules.REGION}


def subject(nomination: Nomination) -> str:
    return f"award_nomination:{nomination.id}"


def in_area(programme: Programme, producer) -> bool:
    """Whether the establishment is in the area the programme covers."""
    if programme.level == rules.NATIONAL:
        return True
    if programme.level == rules.REGION:
        return producer.province_code in rules.REGIONS[programme.region][1]
    if programme.level == rules.COMMUNE:
        return producer.commune_code == programme.commune_code
    return producer.province_code == programme.province_code


def area_name(programme: Programme) -> str:
    """The area the programme covers, in words: a commune, a province, a region, or the whole country."""
    if programme.level == rules.NATIONAL:
        return str(_l("the whole country"))
    if programme.level == rules.REGION:
        return str(rules.REGIONS[programme.region][0])
    if programme.level == rules.COMMUNE and programme.commune is not None:
        return f"{programme.commune.name}, {programme.commune.province.name}"
    return programme.province.name if programme.province is not None else ""


def who_may_nominate(programme: Programme) -> list[str]:
    """The rules of eligibility in words, shown above the nomination form before anyone fills it in."""
    lines = [
        str(
            _l(
                "Enterprises, cooperatives, cooperative groups and household businesses located in %(area)s.",
                area=area_name(programme),
            )
        ),
        str(_l("A product published in the catalogue, in one of the programme's product groups.")),
    ]
    if programme.requires_lower_level:
        lines.append(str(_l("At this level a product needs a still-valid certificate from the level below.")))
    return lines


def valid_lower_certificate(product: Product, level: str, today: date | None = None) -> Certificate | None:
    """The product's still-valid certificate from the level below `level`, if it holds one."""
    lower = LOWER_LEVEL.get(level)
    if lower is None:
        return None
    today = today or rules.today_in_vietnam()
    return (
        db.session.execute(
            select(Certificate)
            .where(
                Certificate.product_id == product.id,
                Certificate.level == lower,
                Certificate.issued_on <= today,
                Certificate.valid_until >= today,
            )
            .order_by(Certificate.valid_until.desc())
        )
        .scalars()
        .first()
    )


def eligibility_problems(programme: Programme, product: Product, group_number: int) -> list[str]:
    """Every reason the product cannot enter, in words (empty when it can)."""
    producer, problems = product.producer, []
    if programme.phase != rules.NOMINATION:
        problems.append(_l("Nominations for this programme are closed."))
    if producer.establishment_type not in ESTABLISHMENT_TYPES:
        problems.append(_l("Only enterprises, cooperatives, cooperative groups and household businesses may enter."))
    if not in_area(programme, producer):
        problems.append(_l("The establishment is not in the area this programme covers."))
    if group_number not in programme.groups:
        problems.append(_l("This programme does not run that product group."))
    if product.status != PUBLISHED:
        problems.append(_l("Only a product published in the catalogue can be nominated."))
    if programme.requires_lower_level and valid_lower_certificate(product, programme.level) is None:
        problems.append(_l("At this level a product needs a still-valid certificate from the level below."))
    taken = db.session.scalar(
        select(Nomination.id).where(Nomination.programme_id == programme.id, Nomination.product_id == product.id)
    )
    if taken is not None:
        problems.append(_l("This product is already nominated in this programme."))
    return [str(p) for p in problems]


def _next_code(programme: Programme, group_number: int) -> str:
    count = db.session.scalar(select(func.count(Nomination.id)).where(Nomination.programme_id == programme.id)) or 0
    return f"N{group_number}-{count + 1:03d}"


def nominate(programme: Programme, product: Product, group_number: int, actor, on_behalf: bool = False) -> Nomination:
    """Open a dossier (draft) for a product; a product already certified at the level below brings
    its earlier dossier along (filed once, reused at every level)."""
    problems = eligibility_problems(programme, product, group_number)
    if problems:
        raise AwardError(" ".join(problems), "product", status=409 if programme.phase != rules.NOMINATION else 422)
    earlier = valid_lower_certificate(product, programme.level)
    nomination = Nomination(
        programme_id=programme.id,
        product_id=product.id,
        producer_id=product.producer_id,
        group_number=group_number,
        code=_next_code(programme, group_number),
        status=DOSSIER_DRAFT,
        nominated_by_id=actor.id,
        on_behalf=on_behalf,
        description=product.description,
    )
    db.session.add(nomination)
    if earlier is not None:
        _reuse_dossier(nomination, earlier)
    db.session.flush()
    record_event(
        "award_nominated",
        actor=actor,
        subject=subject(nomination),
        programme=programme.id,
        product=product.id,
        on_behalf=on_behalf,
        reused=earlier is not None,
    )
    return nomination


def _reuse_dossier(nomination: Nomination, certificate: Certificate) -> None:
    source = certificate.nomination
    nomination.previous_certificate_id = certificate.id
    for field in DOSSIER_FIELDS:
        setattr(nomination, field, getattr(source, field))
    # Stored files never change, so the new dossier may point at the same ones.
    for document in source.documents:
        nomination.documents.append(
            Document(
                kind=document.kind,
                filename=document.filename,
                media_type=document.media_type,
                storage_key=document.storage_key,
                size=document.size,
                width=document.width,
                height=document.height,
            )
        )


def _require_editable(nomination: Nomination) -> None:
    if nomination.status not in EDITABLE:
        raise AwardError(_l("This dossier has been submitted and can no longer be changed."), status=409)
    if nomination.programme.phase not in (rules.NOMINATION, rules.SCREENING):
        raise AwardError(_l("Nominations for this programme are closed."), status=409)


def update_dossier(nomination: Nomination, data: dict, actor) -> None:
    _require_editable(nomination)
    for field in DOSSIER_FIELDS:
        if field in data:
            value = data[field]
            setattr(nomination, field, (value.strip() or None) if isinstance(value, str) else bool(value))
    db.session.flush()


def add_document(nomination: Nomination, kind: str, upload: documents.Upload) -> Document:
    """Check the file by its content, then store it; raises AwardError with nothing stored."""
    _require_editable(nomination)
    if kind not in DOCUMENT_KINDS:
        raise AwardError(_l("Choose what kind of document this is."), "kind")
    if len(nomination.documents) >= MAX_DOCUMENTS:
        raise AwardError(_l("A dossier holds at most %(n)s files.", n=MAX_DOCUMENTS), "file")
    stored = documents.check_and_store(upload)
    if kind == PHOTO and stored.media_type != "image":
        documents.discard([(stored.media_type, stored.storage_key)])
        raise AwardError(_l("A product photo must be a JPEG, PNG or WebP image."), "file")
    document = Document(
        kind=kind,
        filename=upload_name(upload.filename, "file"),
        media_type=stored.media_type,
        storage_key=stored.storage_key,
        size=stored.size,
        width=stored.width,
        height=stored.height,
    )
    try:
        nomination.documents.append(document)
        db.session.flush()
    except BaseException:
        documents.discard([(stored.media_type, stored.storage_key)])
        raise
    return document


def remove_document(document: Document) -> tuple[str, str] | None:
    """Drop the row; returns the file for the caller to delete after commit, unless another dossier
    (one reused at the next level) still points at it."""
    nomination = document.nomination
    _require_editable(nomination)
    nomination.documents.remove(document)
    db.session.delete(document)
    db.session.flush()
    shared = db.session.scalar(select(Document.id).where(Document.storage_key == document.storage_key))
    return None if shared else (document.media_type, document.storage_key)


def missing_for_submission(nomination: Nomination) -> list[str]:
    missing = []
    if not nomination.description:
        missing.append(_l("Describe the product."))
    if not (nomination.made_in_series and nomination.own_product and nomination.meets_standards):
        missing.append(_l("Confirm the three declarations (own product, made in series, meets the rules)."))
    if not any(d.kind == REGISTRATION for d in nomination.documents):
        missing.append(_l("Attach a copy of the business registration certificate."))
    photos = sum(1 for d in nomination.documents if d.kind == PHOTO)
    if photos < MIN_PHOTOS:
        missing.append(
            _l("Attach at least %(n)s colour photos of the product (%(have)s so far).", n=MIN_PHOTOS, have=photos)
        )
    return [str(m) for m in missing]


def submit_dossier(nomination: Nomination, actor) -> None:
    _require_editable(nomination)
    missing = missing_for_submission(nomination)
    if missing:
        raise AwardError(" ".join(missing), "dossier")
    nomination.status, nomination.submitted_at = SUBMITTED, utcnow()
    db.session.flush()
    record_event("award_dossier_submitted", actor=actor, subject=subject(nomination))


SCREENING_DECISIONS = {"accept": ACCEPTED, "return": RETURNED, "reject": REJECTED}


def screen(nomination: Nomination, decision: str, note: str | None, actor) -> None:
    """The organiser accepts a submitted dossier, returns it for completion (with a note), or rejects it."""
    if decision not in SCREENING_DECISIONS:
        raise AwardError(_l("Choose accept, return or reject."), "decision")
    if nomination.status != SUBMITTED:
        raise AwardError(_l("Only a submitted dossier can be screened."), status=409)
    if nomination.programme.phase not in (rules.NOMINATION, rules.SCREENING):
        raise AwardError(_l("Screening has closed for this programme."), status=409)
    note = (note or "").strip() or None
    if decision in ("return", "reject") and not note:
        raise AwardError(_l("Say what is missing or why the dossier is rejected."), "note")
    nomination.status, nomination.screening_note, nomination.screened_at = (
        SCREENING_DECISIONS[decision],
        note,
        utcnow(),
    )
    db.session.flush()
    record_event("award_dossier_screened", actor=actor, subject=subject(nomination), decision=decision, note=note)
