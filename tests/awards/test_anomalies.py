"""The vote's anomaly report on each programme's own thresholds, and voiding one vote from the votes page."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from marketplace.awards import anomalies
from marketplace.awards import services_voting as voting
from marketplace.awards.models import Vote
from marketplace.core.audit import AuditEvent
from marketplace.core.models import utcnow
from tests import factories
from tests.awards.conftest import reload
from tests.conftest import post_form


def test_the_report_shows_bursts_of_new_accounts_at_the_default_threshold(db, running, make_user):
    programme = running.to_voting()
    assert (programme.new_account_hours, programme.burst_votes, programme.address_votes) == (48, 5, 3)
    for _ in range(4):
        voting.cast_vote(programme, running.entries[1], make_user("buyer"))
    assert anomalies.report(programme).bursts == []

    voting.cast_vote(programme, running.entries[1], make_user("buyer"))

    assert [(entry.id, count) for _start, entry, count in anomalies.report(programme).bursts] == [
        (running.entries[1].id, 5)
    ]


def test_a_burst_is_any_hour_not_a_clock_hour():
    """Five votes from 10:58 to 11:03 are one burst; five spread over more than an hour are none."""
    start = datetime(2026, 5, 1, 10, 58)
    straddling = [start + timedelta(minutes=m) for m in (0, 1, 2, 4, 5)]
    spread = [start + timedelta(minutes=m) for m in (0, 20, 40, 61, 70)]

    assert anomalies.bursts(straddling, 5) == [(start, 5)]
    assert anomalies.bursts(spread, 5) == []
    assert anomalies.bursts(straddling + [start + timedelta(hours=3, minutes=m) for m in range(5)], 5) == [
        (start, 5),
        (start + timedelta(hours=3), 5),
    ]


def test_an_account_older_than_the_programmes_threshold_is_not_new(db, running, organiser, make_user):
    from marketplace.awards import services_programmes as programmes

    programme = running.to_voting()
    voters = [make_user("buyer", created_at=utcnow() - timedelta(hours=3)) for _ in range(2)]
    for voter in voters:
        voting.cast_vote(programme, running.entries[0], voter)
    assert anomalies.report(programme).entries[0].from_new_accounts == 2

    programmes.update_settings(programme, {"new_account_hours": 2}, organiser)

    assert anomalies.report(programme).entries[0].from_new_accounts == 0


def test_the_organiser_lowers_the_address_threshold_and_the_page_flags_the_address(
    client, login, running, organiser, make_user, db
):
    programme = running.to_voting()
    for _ in range(2):
        voting.cast_vote(programme, running.entries[0], make_user("buyer"), ip="198.51.100.7")
    db.session.commit()
    login(organiser)
    page = f"/awards/manage/{programme.id}/votes"
    assert "198.51.100.7: 2" not in client.get(page).get_data(as_text=True)

    saved = post_form(client, page, page, {"new_account_hours": "24", "burst_votes": "10", "address_votes": "2"})

    assert saved.status_code == 303
    assert (reload(db, programme).new_account_hours, programme.burst_votes, programme.address_votes) == (24, 10, 2)
    assert "198.51.100.7: 2 phiếu" in client.get(page).get_data(as_text=True)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "award_programme_updated").order_by(AuditEvent.id.desc())
    ).first()
    assert event.detail["fields"] == ["address_votes", "burst_votes", "new_account_hours"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("address_votes", "1", "từ 2 đến 1000"),
        ("burst_votes", "0", "từ 2 đến 1000"),
        ("new_account_hours", "721", "từ 1 đến 720"),
        ("new_account_hours", "abc", "Số nguyên không hợp lệ"),
        ("address_votes", "", "bắt buộc"),
    ],
)
def test_thresholds_out_of_bounds_are_refused_with_a_reason_and_nothing_changes(
    client, login, running, organiser, db, field, value, message
):
    programme = running.to_voting()
    login(organiser)
    page = f"/awards/manage/{programme.id}/votes"
    data = {"new_account_hours": "48", "burst_votes": "5", "address_votes": "3", field: value}

    refused = post_form(client, page, page, data)

    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    assert (reload(db, programme).new_account_hours, programme.burst_votes, programme.address_votes) == (48, 5, 3)


def test_the_service_refuses_thresholds_the_database_would_refuse(db, running, organiser):
    from marketplace.awards import services_programmes as programmes
    from marketplace.awards.errors import AwardError

    for field, value in (("new_account_hours", 0), ("burst_votes", 1001), ("address_votes", True)):
        with pytest.raises(AwardError) as refused:
            programmes.update_settings(running.programme, {field: value}, organiser)
        assert refused.value.field == field


def test_only_organisers_change_the_thresholds(client, login, running, make_user, db):
    programme = running.to_voting()
    login(make_user("juror"))

    response = client.post(
        f"/awards/manage/{programme.id}/votes",
        data={"new_account_hours": "1", "burst_votes": "2", "address_votes": "2"},
    )

    assert response.status_code in (400, 403)
    assert reload(db, programme).address_votes == 3


def _two_votes(programme, running, make_user, db):
    votes = [voting.cast_vote(programme, running.entries[0], make_user("buyer"), ip="203.0.113.5") for _ in range(2)]
    db.session.commit()
    return votes


def test_the_organiser_voids_one_vote_with_a_reason_and_it_is_logged(client, login, running, organiser, make_user, db):
    programme = running.to_voting()
    kept, voided = _two_votes(programme, running, make_user, db)
    login(organiser)
    page = f"/awards/manage/{programme.id}/votes"
    listing = client.get(page).get_data(as_text=True)
    assert f'name="vote_id" value="{voided.id}"' in listing

    response = post_form(client, page, f"{page}/void", {"vote_id": str(voided.id), "reason": "Tài khoản ảo"})

    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Vote, voided.id).void_reason == "Tài khoản ảo"
    assert db.session.get(Vote, kept.id).voided_at is None
    assert anomalies.report(programme).entries[0].counted == 1
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "award_vote_voided")).one()
    assert event.subject == f"award_vote:{voided.id}" and event.detail["reason"] == "Tài khoản ảo"
    assert event.actor_id == organiser.id
    assert "Tài khoản ảo" in client.get(page).get_data(as_text=True)


def test_voiding_one_vote_needs_a_reason_and_a_vote_of_this_programme(client, login, running, organiser, make_user, db):
    programme = running.to_voting()
    vote, _other = _two_votes(programme, running, make_user, db)
    other_programme = factories.programme(organiser, commit=True)
    login(organiser)
    page = f"/awards/manage/{programme.id}/votes"

    no_reason = post_form(client, page, f"{page}/void", {"vote_id": str(vote.id), "reason": ""})
    elsewhere = post_form(
        client, page, f"/awards/manage/{other_programme.id}/votes/void", {"vote_id": str(vote.id), "reason": "x"}
    )
    unknown = post_form(client, page, f"{page}/void", {"vote_id": "99999999999", "reason": "x"})
    first = post_form(client, page, f"{page}/void", {"vote_id": str(vote.id), "reason": "Trùng"})
    again = post_form(client, page, f"{page}/void", {"vote_id": str(vote.id), "reason": "Trùng"})

    assert (no_reason.status_code, elsewhere.status_code, unknown.status_code) == (422, 404, 404)
    assert (first.status_code, again.status_code) == (303, 409)
    assert db.session.scalar(select(db.func.count(AuditEvent.id)).where(AuditEvent.action == "award_vote_voided")) == 1


def test_votes_cannot_be_voided_once_published(client, login, running, organiser, make_user, db):
    from marketplace.awards.services_results import publish_results

    programme = running.to_voting()
    vote, _other = _two_votes(programme, running, make_user, db)
    publish_results(programme, organiser, confirmed=("end_vote_early",))
    db.session.commit()
    login(organiser)
    page = f"/awards/manage/{programme.id}/votes"

    response = post_form(client, page, f"{page}/void", {"vote_id": str(vote.id), "reason": "Muộn"})

    assert response.status_code == 409
    db.session.refresh(vote)
    assert vote.voided_at is None
    assert "Void this vote" not in client.get(page).get_data(as_text=True)


def test_the_vote_list_filters_by_entry_and_address_and_shows_one_page(
    client, login, running, organiser, make_user, db
):
    programme = running.to_voting()
    first, second, _food = running.entries
    for n in range(52):
        voting.cast_vote(programme, first, make_user("buyer", email=f"fan{n}@example.vn"), ip=f"192.0.2.{n}")
    voting.cast_vote(programme, second, make_user("buyer", email="other.fan@example.vn"), ip="192.0.2.200")
    db.session.commit()
    login(organiser)
    page = f"/awards/manage/{programme.id}/votes"

    everything = client.get(page).get_data(as_text=True)
    second_page = client.get(f"{page}?page=2").get_data(as_text=True)
    one_entry = client.get(f"{page}?entry={second.id}").get_data(as_text=True)
    one_address = client.get(f"{page}?ip=192.0.2.7").get_data(as_text=True)

    assert "53 phiếu" in everything and everything.count('name="vote_id"') == 50
    assert second_page.count('name="vote_id"') == 3
    assert one_entry.count('name="vote_id"') == 1 and "other.fan@example.vn" in one_entry
    assert one_address.count('name="vote_id"') == 1 and "fan7@example.vn" in one_address
