"""The public vote and publication: one vote per group, the window, voiding, council, certificates and the badge."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from marketplace.awards import anomalies
from marketplace.awards import services_programmes as programmes
from marketplace.awards import services_results as results
from marketplace.awards import services_voting as voting
from marketplace.awards.errors import AwardError
from marketplace.awards.models import Certificate, Vote
from marketplace.core.audit import AuditEvent
from marketplace.core.models import utcnow


def test_one_vote_per_account_per_product_group(db, running, make_user):
    programme = running.to_voting()
    first, second, food = running.entries
    voter = make_user("buyer")

    voting.cast_vote(programme, first, voter)
    with pytest.raises(AwardError) as again:
        voting.cast_vote(programme, second, voter)
    voting.cast_vote(programme, food, voter)  # another group: allowed

    assert again.value.status == 409
    assert db.session.scalar(select(db.func.count(Vote.id)).where(Vote.user_id == voter.id)) == 2


def test_the_database_refuses_a_second_vote_even_when_the_check_is_skipped(db, running, make_user, monkeypatch):
    """The unique constraint is the guard: a racing request that passed the check still loses."""
    programme = running.to_voting()
    voter = make_user("buyer")
    voting.cast_vote(programme, running.entries[0], voter)
    monkeypatch.setattr(voting, "already_voted", lambda *args: None)

    with pytest.raises(AwardError) as refused:
        voting.cast_vote(programme, running.entries[1], voter)

    assert refused.value.status == 409
    db.session.commit()  # the transaction itself is still usable
    assert db.session.scalar(select(db.func.count(Vote.id)).where(Vote.user_id == voter.id)) == 1


def test_an_unverified_account_cannot_vote(db, running, make_user):
    programme = running.to_voting()

    with pytest.raises(AwardError) as refused:
        voting.cast_vote(programme, running.entries[0], make_user("buyer", verified=False))
    assert refused.value.status == 403


@pytest.mark.parametrize(("opens", "closes"), [(1, 5), (-5, -1)])
def test_votes_outside_the_window_are_refused(db, running, make_user, opens, closes):
    now = utcnow()
    programme = running.to_voting(opens=now + timedelta(days=opens), closes=now + timedelta(days=closes))

    with pytest.raises(AwardError) as refused:
        voting.cast_vote(programme, running.entries[0], make_user("buyer"))
    assert refused.value.status == 422


def test_votes_before_the_voting_phase_are_refused(db, running, make_user):
    with pytest.raises(AwardError) as refused:
        voting.cast_vote(running.programme, running.entries[0], make_user("buyer"))
    assert refused.value.status == 422


def test_voided_votes_stop_counting_keep_their_place_and_are_logged(db, running, organiser, make_user):
    programme = running.to_voting()
    voters = [make_user("buyer") for _ in range(3)]
    for voter in voters:
        voting.cast_vote(programme, running.entries[0], voter, ip="203.0.113.9")

    with pytest.raises(AwardError):
        voting.void_votes(programme, [], "", organiser)
    report = anomalies.report(programme)
    suspicious = report.addresses[0]
    count = voting.void_votes(programme, suspicious[2], "Nhiều phiếu từ một địa chỉ", organiser)

    assert suspicious[0] == "203.0.113.9" and suspicious[1] == 3
    assert count == 3
    assert anomalies.report(programme).entries[0].counted == 0
    with pytest.raises(AwardError):  # a voided vote still holds the account's place
        voting.cast_vote(programme, running.entries[1], voters[0])
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "award_vote_voided")).all()
    assert len(events) == 3 and events[0].detail["reason"] == "Nhiều phiếu từ một địa chỉ"


def test_the_council_approval_is_recorded_with_who_and_when(db, running, organiser):
    running.to_council()

    with pytest.raises(AwardError):
        programmes.advance_phase(running.programme, organiser)  # not approved yet
    programmes.record_council_approval(running.programme, "Biên bản số 5", organiser)

    assert running.programme.council_approved_by_id == organiser.id
    assert running.programme.council_approved_at is not None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "award_council_approved")).one()
    assert event.detail == {"reference": "Biên bản số 5"}


def test_organiser_decides_ties_and_quotas_with_a_recorded_reason(db, running, organiser):
    running.to_council()
    first = running.entries[0]

    with pytest.raises(AwardError) as no_reason:
        results.decide_entry(first, False, "", organiser)
    results.decide_entry(first, False, "Chỉ tiêu 1 sản phẩm mỗi nhóm; bốc thăm khi hòa điểm", organiser)

    assert no_reason.value.field == "note"
    from marketplace.awards.queries import compute_results

    group1 = {r.nomination.id: r for r in compute_results(running.programme)[1]}
    assert group1[first.id].passes and not group1[first.id].awarded
    assert group1[first.id].tied  # both entries scored 85
    programmes.record_council_approval(running.programme, "BB 5", organiser)
    with pytest.raises(AwardError):  # decisions close with the approval
        results.decide_entry(first, None, None, organiser)


def test_publication_freezes_results_and_issues_certificates_valid_to_the_fourth_31_december(
    db, running, organiser, make_user
):
    programme = running.to_voting()
    voting.cast_vote(programme, running.entries[0], make_user("buyer"))

    issued = results.publish_results(programme, organiser, confirmed=("end_vote_early",))

    assert programme.phase == "published"
    assert len(issued) == 3
    certificate = db.session.scalars(
        select(Certificate).where(Certificate.nomination_id == running.entries[0].id)
    ).one()
    assert certificate.issued_on == date(2026, 3, 15)
    assert certificate.valid_until == date(2029, 12, 31)
    assert certificate.score == Decimal("85.00")
    assert running.entries[0].public_votes == 1 and running.entries[0].jury_score == Decimal("85.00")
    badge = [c for c in running.entries[0].product.certifications if c.kind == "cnnt_standout"]
    assert [(b.level, b.year, b.valid_until) for b in badge] == [("province", 2026, date(2029, 12, 31))]
    assert not programme.voting_open()
    with pytest.raises(AwardError):
        voting.cast_vote(programme, running.entries[1], make_user("buyer"))


def test_publication_needs_the_decision_number(db, running, organiser):
    programme = running.to_voting()
    programmes.update_settings(programme, {"decision_number": None}, organiser)

    with pytest.raises(AwardError) as refused:
        results.publish_results(programme, organiser, confirmed=("end_vote_early",))
    assert refused.value.field == "decision_number"


def test_the_result_rules_are_fixed_once_the_council_approved(db, running, organiser):
    programme = running.to_voting()

    with pytest.raises(AwardError):
        programmes.update_settings(programme, {"pass_mark": 60}, organiser)
    with pytest.raises(AwardError):
        programmes.update_settings(programme, {"vote_weight": 50}, organiser)


def test_with_a_weighted_vote_the_public_results_show_the_final_score_they_were_ranked_by(
    client, db, running, organiser, make_user
):
    programmes.update_settings(running.programme, {"vote_weight": 50}, organiser)
    programme = running.to_voting()
    first, second, _food = running.entries
    for _ in range(2):
        voting.cast_vote(programme, second, make_user("buyer"))
    voting.cast_vote(programme, first, make_user("buyer"))
    results.publish_results(programme, organiser, confirmed=("end_vote_early",))
    db.session.commit()

    page = client.get(f"/awards/{programme.id}/results").get_data(as_text=True)

    # Both scored 85: the vote decides. 85 × 0.5 + 100 × 0.5 = 92.50; 85 × 0.5 + 50 × 0.5 = 67.50.
    assert "Điểm chung cuộc" in page and "50%" in page
    assert page.index("92,50") < page.index("67,50")  # the Vietnamese decimal comma
    assert second.rank == 1 and first.rank == 2
