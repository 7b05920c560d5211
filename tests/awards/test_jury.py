"""The jury: scores within each criterion's maximum, locking and reopening, conflicts of interest, assignment."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from marketplace.awards.errors import AwardError
from marketplace.awards.models import ScoreSheet
from marketplace.awards.queries import compute_results, jury_progress
from marketplace.core.audit import AuditEvent
from marketplace.producers import services as producers
from tests import factories


def test_a_sheet_totals_its_criteria(db, running):
    sheet = running.score(
        running.entries[0], running.jurors[0], {"market": 35.5, "economic": 30, "culture": 9, "other": 5}, submit=False
    )

    assert sheet.total == Decimal("79.5")
    assert sheet.status == "draft"


@pytest.mark.parametrize("value", [41, -1, "abc", 12.3, "NaN"])
def test_a_criterion_score_outside_its_maximum_or_not_a_number_is_refused(db, running, value):
    sheet = running.sheet(running.entries[0], running.jurors[0])
    market = running.programme.criteria[0]

    with pytest.raises(AwardError) as refused:
        jury.score_entry(sheet, {market.id: value}, {}, None, running.jurors[0])

    assert refused.value.field == f"c{market.id}"
    assert sheet.scores == []


def test_an_incomplete_sheet_cannot_be_submitted(db, running):
    sheet = running.score(running.entries[0], running.jurors[0], {"market": 30}, submit=False)

    with pytest.raises(AwardError):
        jury.submit_sheet(sheet, running.jurors[0])
    assert sheet.status == "draft"


def test_a_submitted_sheet_is_locked_until_the_organiser_reopens_it_with_a_reason(db, running, organiser):
    juror = running.jurors[0]
    sheet = running.score(running.entries[0], juror)
    market = running.programme.criteria[0]

    with pytest.raises(AwardError) as locked:
        jury.score_entry(sheet, {market.id: 10}, {}, None, juror)
    with pytest.raises(AwardError) as no_reason:
        jury.reopen_sheet(sheet, " ", organiser)
    jury.reopen_sheet(sheet, "Giám khảo nhập nhầm điểm tiêu chí 1", organiser)
    running.score(running.entries[0], juror, {"market": 30, "economic": 30, "culture": 5, "other": 5})

    assert locked.value.status == 409
    assert no_reason.value.field == "reason"
    assert sheet.total == Decimal("70") and sheet.status == "submitted"
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("award_%"))).all()
    assert actions.count("award_score_submitted") == 2
    assert "award_sheet_reopened" in actions


def test_a_juror_acting_for_the_producer_is_barred_and_not_assigned(db, running, organiser):
    entry = running.entries[0]
    juror = running.jurors[0]
    producers.add_member(entry.producer, juror)

    assert jury.conflict_reason(running.programme, juror.id, entry) == "acts for the same producer"
    with pytest.raises(AwardError) as barred:
        running.score(entry, juror)
    assert barred.value.status == 403


def test_a_juror_from_the_same_commune_is_not_assigned(db, organiser, make_user):
    from marketplace.awards import services_dossiers as dossiers
    from tests.factories import fill_dossier

    programme = factories.programme(organiser, groups=(1,), min_scores_per_entry=1, commit=True)
    programmes.advance_phase(programme, organiser)
    commune = next(c for c in __import__("marketplace.geography.resolver", fromlist=["x"]).communes_of("38"))
    _producer, (product,), owner = factories.entrant(commune_code=commune.code, commit=True)
    nomination = dossiers.nominate(programme, product, 1, owner)
    fill_dossier(nomination, owner)
    dossiers.submit_dossier(nomination, owner)
    programmes.advance_phase(programme, organiser)
    dossiers.screen(nomination, "accept", None, organiser)
    neighbour, other = make_user("juror"), make_user("juror")
    jury.appoint_juror(programme, neighbour, 1, organiser, commune_code=commune.code)
    jury.appoint_juror(programme, other, 1, organiser)

    jury.assign_entries(programme, "all", organiser)

    assert [s.juror_id for s in nomination.sheets] == [other.id]


def test_a_declared_conflict_withdraws_the_sheet_and_bars_reassignment(db, running, organiser):
    entry, juror = running.entries[0], running.jurors[0]
    sheet = running.sheet(entry, juror)

    jury.declare_conflict(sheet, "Là họ hàng với chủ cơ sở", juror)
    jury.assign_entries(running.programme, "all", organiser)

    assert (
        db.session.scalar(
            select(ScoreSheet).where(ScoreSheet.nomination_id == entry.id, ScoreSheet.juror_id == juror.id)
        )
        is None
    )
    assert jury.conflict_reason(running.programme, juror.id, entry) == "Là họ hàng với chủ cơ sở"


def test_balanced_assignment_gives_each_entry_n_jurors_and_spreads_the_load(db, organiser, make_user):
    from marketplace.awards import services_dossiers as dossiers
    from tests.factories import fill_dossier

    programme = factories.programme(organiser, groups=(1,), min_scores_per_entry=2, commit=True)
    programmes.advance_phase(programme, organiser)
    entries = []
    for _ in range(4):
        _producer, (product,), owner = factories.entrant(commit=True)
        nomination = dossiers.nominate(programme, product, 1, owner)
        fill_dossier(nomination, owner)
        dossiers.submit_dossier(nomination, owner)
        entries.append(nomination)
    programmes.advance_phase(programme, organiser)
    for nomination in entries:
        dossiers.screen(nomination, "accept", None, organiser)
    jurors = [make_user("juror") for _ in range(4)]
    for juror in jurors:
        jury.appoint_juror(programme, juror, 1, organiser)

    added = jury.assign_entries(programme, "balanced", organiser)

    assert len(added) == 8
    assert all(len(n.sheets) == 2 for n in entries)
    progress = {p.user.id: p.assigned for p in jury_progress(programme)}
    assert sorted(progress.values()) == [2, 2, 2, 2]


def test_only_juror_accounts_sit_on_a_jury(db, running, organiser, make_user):
    with pytest.raises(AwardError):
        jury.appoint_juror(running.programme, make_user("buyer"), 1, organiser)


def test_results_average_the_submitted_totals_and_flag_disagreement(db, running):
    first, second, food = running.entries
    a, b, c = running.jurors
    running.score(first, a, {"market": 40, "economic": 40, "culture": 10, "other": 10})  # 100
    running.score(first, b, {"market": 30, "economic": 25, "culture": 5, "other": 5})  # 65
    running.score(first, c, {"market": 20, "economic": 20, "culture": 5, "other": 5}, submit=False)  # a draft
    running.score(second, a, {"market": 30, "economic": 30, "culture": 5, "other": 4})  # 69

    results = compute_results(running.programme)

    group1 = {r.nomination.id: r for r in results[1]}
    assert group1[first.id].jury.score == Decimal("82.50")
    assert group1[first.id].disagreement  # 35 points apart, above the default 20
    assert group1[first.id].passes and group1[first.id].awarded and group1[first.id].rank == 1
    assert group1[second.id].jury.score == Decimal("69.00") and not group1[second.id].passes
    assert not group1[second.id].awarded
    assert results[2][0].jury.score is None


def test_leaving_judging_needs_a_submitted_sheet_for_every_entry(db, running, organiser):
    running.score(running.entries[0], running.jurors[0])

    with pytest.raises(AwardError) as refused:
        programmes.advance_phase(running.programme, organiser)
    assert "no submitted score sheet" in str(refused.value)
