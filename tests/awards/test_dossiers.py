"""Programmes and dossiers: criteria sheet, eligibility with reasons, documents, screening, reuse at the next level."""

import pytest
from sqlalchemy import select

from marketplace.awards import rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_programmes as programmes
from marketplace.awards.documents import Upload
from marketplace.awards.errors import AwardError
from marketplace.awards.models import Document
from marketplace.core.audit import AuditEvent
from tests import factories
from tests.factories import fill_dossier, jpeg_bytes, pdf_bytes


def test_a_new_programme_has_the_official_sheet_and_pass_mark(organiser):
    programme = factories.programme(organiser, commit=True)

    assert [(c.code, c.max_points) for c in programme.criteria] == [
        ("market", 40),
        ("economic", 40),
        ("culture", 10),
        ("other", 10),
    ]
    assert programme.pass_mark == 70
    assert programme.phase == rules.DRAFT


def test_criteria_can_change_before_judging_but_never_after(db, running, organiser):
    early = factories.programme(organiser, commit=True)
    first = early.criteria[0]
    programmes.set_criteria(early, [{"id": first.id, "max_points": 35, "name": first.name}], organiser)
    assert early.max_total == 95

    criterion = running.programme.criteria[0]
    with pytest.raises(AwardError) as refused:
        programmes.set_criteria(running.programme, [{"id": criterion.id, "max_points": 30, "name": "x"}], organiser)
    assert refused.value.status == 409
    assert criterion.max_points == 40


def test_pass_mark_above_the_sheet_total_is_refused(organiser):
    programme = factories.programme(organiser, commit=True)

    with pytest.raises(AwardError) as refused:
        programmes.update_settings(programme, {"pass_mark": 101}, organiser)
    assert refused.value.field == "pass_mark"


def test_every_phase_change_is_audited(db, organiser):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)

    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "award_phase_changed")).one()
    assert event.detail == {"old": "draft", "new": "nomination"}
    assert event.actor_id == organiser.id


def test_eligibility_gives_every_reason_in_words(db, organiser):
    programme = factories.programme(organiser, groups=(1,), commit=True)
    _producer, (product,), owner = factories.entrant((2,), province_code="01", commit=True)  # Hà Nội, food

    problems = dossiers.eligibility_problems(programme, product, 2)

    assert "Nominations for this programme are closed." in problems
    assert "The establishment is not in the area this programme covers." in problems
    assert "This programme does not run that product group." in problems


def test_a_product_is_nominated_once_per_programme(db, organiser):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    dossiers.nominate(programme, product, 1, owner)

    with pytest.raises(AwardError) as refused:
        dossiers.nominate(programme, product, 1, owner)
    assert "already nominated" in str(refused.value)


def test_a_dossier_needs_its_documents_before_it_can_be_submitted(db, organiser):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    nomination = dossiers.nominate(programme, product, 1, owner)
    dossiers.add_document(nomination, "photo", Upload("a.jpg", jpeg_bytes()))

    with pytest.raises(AwardError) as refused:
        dossiers.submit_dossier(nomination, owner)

    message = str(refused.value)
    assert "business registration" in message
    assert "at least 3 colour photos of the product (1 so far)" in message
    assert nomination.status == "draft"


def test_documents_are_checked_by_content_like_every_upload(db, organiser):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    nomination = dossiers.nominate(programme, product, 1, owner)

    with pytest.raises(AwardError) as script:
        dossiers.add_document(
            nomination, "registration", Upload("x.pdf", b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript >> >>")
        )
    with pytest.raises(AwardError) as not_a_photo:
        dossiers.add_document(nomination, "photo", Upload("x.pdf", pdf_bytes()))
    with pytest.raises(AwardError):
        dossiers.add_document(nomination, "photo", Upload("x.jpg", b"GIF89a not really"))

    assert "scripts" in str(script.value)
    assert "JPEG, PNG or WebP" in str(not_a_photo.value)
    assert db.session.scalars(select(Document)).all() == []


def test_a_document_keeps_only_a_clean_name_of_the_file_the_browser_sent(db, organiser):
    """Regression (upload sweep): a NUL in the file's name was a 500 on PostgreSQL; a path or a
    right-to-left override in it was kept and shown as given."""
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    nomination = dossiers.nominate(programme, product, 1, owner)
    sent = Upload("../../giấy\x00 phép\u202efdp.pdf", pdf_bytes())

    document = dossiers.add_document(nomination, "registration", sent)

    db.session.flush()
    assert document.filename == "giấy phépfdp.pdf"
    assert "giấy" not in document.storage_key


def test_screening_accepts_returns_with_a_note_or_rejects(db, organiser):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    entries = []
    for _ in range(2):
        _producer, (product,), owner = factories.entrant(commit=True)
        nomination = dossiers.nominate(programme, product, 1, owner)
        fill_dossier(nomination, owner)
        dossiers.submit_dossier(nomination, owner)
        entries.append((nomination, owner))

    with pytest.raises(AwardError) as no_note:
        dossiers.screen(entries[0][0], "return", "", organiser)
    dossiers.screen(entries[0][0], "return", "Thiếu ảnh mặt sau", organiser)
    dossiers.screen(entries[1][0], "accept", None, organiser)

    assert no_note.value.field == "note"
    returned, owner = entries[0]
    assert returned.status == "returned" and returned.screening_note == "Thiếu ảnh mặt sau"
    dossiers.update_dossier(returned, {"markets": "Cả nước"}, owner)  # the producer may complete it
    dossiers.submit_dossier(returned, owner)
    assert returned.status == "submitted"


def test_the_programme_cannot_leave_screening_with_dossiers_unscreened(db, organiser):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    nomination = dossiers.nominate(programme, product, 1, owner)
    fill_dossier(nomination, owner)
    dossiers.submit_dossier(nomination, owner)
    programmes.advance_phase(programme, organiser)

    with pytest.raises(AwardError) as refused:
        programmes.advance_phase(programme, organiser)
    assert refused.value.status == 409


def test_region_level_requires_a_valid_lower_certificate_and_reuses_its_dossier(db, running, organiser):
    from marketplace.awards.services_results import publish_results

    running.to_voting()
    publish_results(running.programme, organiser, confirmed=("end_vote_early",))
    certified = running.entries[0]
    region = factories.programme(organiser, level=rules.REGION, area="central", groups=(1,), commit=True)
    programmes.advance_phase(region, organiser)
    owner = certified.producer.members[0].user

    nomination = dossiers.nominate(region, certified.product, 1, owner)

    assert nomination.previous_certificate.level == rules.PROVINCE
    assert nomination.description == certified.description
    assert sorted(d.storage_key for d in nomination.documents) == sorted(d.storage_key for d in certified.documents)
    assert dossiers.missing_for_submission(nomination) == []


def test_region_level_refuses_a_product_without_a_lower_certificate(db, organiser):
    region = factories.programme(organiser, level=rules.REGION, area="central", groups=(1,), commit=True)
    programmes.advance_phase(region, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)

    with pytest.raises(AwardError) as refused:
        dossiers.nominate(region, product, 1, owner)
    assert "certificate from the level below" in str(refused.value)
