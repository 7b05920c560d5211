"""Access rules of the standout-product awards: public pages and votes, the producer's dossiers, the
jury's score sheets, the centre's management; and the awards API."""

from datetime import date, timedelta
from io import BytesIO

from PIL import Image

from marketplace.awards import rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from marketplace.awards.documents import Upload
from marketplace.core.models import utcnow
from marketplace.extensions import db
from tests.factories import pdf_bytes
from tests.hardening.access_rules import (
    OWNER_OR_STAFF,
    PUBLIC,
    SIGNED_IN,
    STAFF,
    access,
    roles,
    world_builder,
)

OWNER_STAFF_JUROR = OWNER_OR_STAFF | {"juror"}  # the dossier's files: its producer, the staff, its jurors


def _photo(colour) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (400, 300), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def _programme(organiser, name: str):
    programme = programmes.create_programme(
        {"name": name, "year": date.today().year, "level": rules.PROVINCE, "area": "01", "groups": (1,)}, organiser
    )
    programmes.update_settings(
        programme,
        {
            "voting_opens_at": utcnow() - timedelta(days=1),
            "voting_closes_at": utcnow() + timedelta(days=20),
            "results_on": date.today() + timedelta(days=30),
        },
        organiser,
    )
    programmes.advance_phase(programme, organiser)  # nomination
    return programme


@world_builder(order=60)
def awards(world) -> None:
    """A programme in its public vote with the owner's product as an entry (a full dossier, scored by
    the juror), and a second programme still taking nominations."""
    organiser, owner, juror = world.users["organiser"], world.users["producer"], world.users["juror"]
    programme = _programme(organiser, "Bình chọn sản phẩm CNNT tiêu biểu (sweep)")
    nomination = dossiers.nominate(programme, world.product, 1, owner)
    dossiers.update_dossier(
        nomination,
        {
            "description": "Gốm vẽ tay.",
            "production": "2.000 chiếc/năm",
            "markets": "Hà Nội",
            "made_in_series": True,
            "own_product": True,
            "meets_standards": True,
        },
        owner,
    )
    world.dossier_document = dossiers.add_document(nomination, "registration", Upload("dkkd.pdf", pdf_bytes()))
    for colour in ((200, 50, 50), (50, 200, 50), (50, 50, 200)):
        dossiers.add_document(nomination, "photo", Upload("anh.jpg", _photo(colour)))
    dossiers.submit_dossier(nomination, owner)
    programmes.advance_phase(programme, organiser)  # screening
    dossiers.screen(nomination, "accept", None, organiser)
    jury.appoint_juror(programme, juror, 1, organiser)
    programmes.advance_phase(programme, organiser)  # judging
    jury.assign_entries(programme, "all", organiser)
    world.sheet = next(s for s in nomination.sheets if s.juror_id == juror.id)
    jury.score_entry(world.sheet, {c.id: c.max_points * 8 // 10 for c in programme.criteria}, {}, "Tốt", juror)
    jury.submit_sheet(world.sheet, juror)
    programmes.advance_phase(programme, organiser)  # council
    programmes.record_council_approval(programme, "Biên bản số 01/BB-HĐBC", organiser)
    programmes.advance_phase(programme, organiser)  # public vote
    world.programme, world.nomination = programme, nomination
    world.open_programme = _programme(organiser, "Chương trình đang nhận hồ sơ (sweep)")
    db.session.flush()


def _programme_id(w) -> dict:
    return {"programme_id": w.programme.id}


def _nomination_id(w) -> dict:
    return {"nomination_id": w.nomination.id}


RULES = [
    access("awards.index", PUBLIC),
    access("awards.programme", PUBLIC, args=_programme_id),
    access("awards.vote", SIGNED_IN, args=_programme_id),  # verified accounts (every sweep account is)
    access("awards.results", STAFF, args=_programme_id),  # the public sees them once published
    # No programme of the sweep has published results, so no certificate exists yet: refusals only.
    access("awards.verify", PUBLIC, args=lambda w: {"code": "CNNT-0000-0000"}, exists=False),
    access("awards.certificate_pdf", PUBLIC, args=lambda w: {"code": "CNNT-0000-0000"}, exists=False),
    access("awards.mine", SIGNED_IN),
    # For the owner's producer, named in ?producer= (how staff nominate on a producer's behalf).
    access(
        "awards.nominate",
        OWNER_OR_STAFF,
        args=lambda w: {"programme_id": w.open_programme.id, "producer": w.producer.id},
    ),
    access("awards.dossier", OWNER_OR_STAFF, args=_nomination_id),  # jurors read it from their score sheet
    access(
        "awards.dossier_file",
        OWNER_STAFF_JUROR,
        args=lambda w: {"nomination_id": w.nomination.id, "document_id": w.dossier_document.id},
    ),
    access("awards.dossier_upload", OWNER_OR_STAFF, args=_nomination_id),
    access(
        "awards.dossier_remove",
        OWNER_OR_STAFF,
        args=lambda w: {"nomination_id": w.nomination.id, "document_id": w.dossier_document.id},
    ),
    access("awards.dossier_submit", OWNER_OR_STAFF, args=_nomination_id),
    access("awards.jury_home", roles("juror")),
    access("awards.jury_sheet", roles("juror"), args=lambda w: {"sheet_id": w.sheet.id}),
    access("awards.jury_conflict", roles("juror"), args=lambda w: {"sheet_id": w.sheet.id}),
    access("awards.manage", STAFF),
    access("awards.manage_programme", STAFF, args=_programme_id),
    access("awards.manage_behalf", STAFF, args=_programme_id),
    access("awards.manage_criteria", STAFF, args=_programme_id),
    access("awards.manage_advance", STAFF, args=_programme_id),
    access("awards.manage_dossiers", STAFF, args=_programme_id),
    access("awards.manage_screen", STAFF, args=_nomination_id),
    access("awards.manage_jury", STAFF, args=_programme_id),
    access("awards.manage_assign", STAFF, args=_programme_id),
    access("awards.manage_reopen", STAFF, args=lambda w: {"sheet_id": w.sheet.id}),
    access("awards.manage_results", STAFF, args=_programme_id),
    access("awards.manage_decide", STAFF, args=_nomination_id),
    access("awards.manage_approve", STAFF, args=_programme_id),
    access("awards.manage_publish", STAFF, args=_programme_id),
    access("awards.manage_votes", STAFF, args=_programme_id),
    access("awards.manage_void", STAFF, args=_programme_id),
    access("api.awards_list", PUBLIC),
    access("api.awards_nominations", PUBLIC, args=_programme_id),
    access("api.awards_vote", SIGNED_IN, args=_programme_id),
    access("api.awards_results", STAFF, args=_programme_id),
]
