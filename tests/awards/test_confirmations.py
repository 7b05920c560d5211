"""Irreversible steps ask first: phase changes and publication go through a page that names what will
happen, checks what must hold, and needs an explicit choice to cut an announced period short."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.awards import rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_programmes as programmes
from marketplace.awards import services_results as results
from marketplace.awards.errors import AwardError
from marketplace.awards.models import Certificate
from tests import factories
from tests.awards.conftest import reload
from tests.conftest import post_form
from tests.factories import fill_dossier


def test_publishing_while_the_vote_is_open_needs_the_choice_to_end_it_early(db, running, organiser):
    programme = running.to_voting()

    with pytest.raises(AwardError) as refused:
        results.publish_results(programme, organiser)
    assert (refused.value.field, refused.value.status) == ("end_vote_early", 409)
    assert programme.phase == rules.VOTING

    results.publish_results(programme, organiser, confirmed=("end_vote_early",))
    assert programme.phase == rules.PUBLISHED


def test_a_vote_already_closed_needs_no_extra_choice(db, running, organiser):
    from marketplace.core.models import utcnow

    programme = running.to_voting(opens=utcnow() - timedelta(days=3), closes=utcnow() - timedelta(hours=1))

    assert results.publish_step(programme).confirmations == []
    results.publish_results(programme, organiser)
    assert programme.phase == rules.PUBLISHED


def test_a_decision_dated_in_the_future_is_refused_certificates_cannot_be_dated_ahead(db, running, organiser):
    programme = running.to_voting()
    programmes.update_settings(programme, {"decision_date": rules.today_in_vietnam() + timedelta(days=10)}, organiser)

    with pytest.raises(AwardError) as refused:
        results.publish_results(programme, organiser, confirmed=("end_vote_early",))
    assert refused.value.field == "decision_date"
    assert "future" in str(refused.value)
    assert db.session.scalar(select(db.func.count(Certificate.id))) == 0


def test_closing_nominations_before_the_announced_date_needs_confirmation(db, organiser):
    programme = factories.programme(
        organiser, nomination_closes_on=rules.today_in_vietnam() + timedelta(days=5), commit=True
    )
    programmes.advance_phase(programme, organiser)  # nomination

    with pytest.raises(AwardError) as refused:
        programmes.advance_phase(programme, organiser)
    assert refused.value.field == "close_nominations_early"
    assert programme.phase == rules.NOMINATION

    programmes.advance_phase(programme, organiser, confirmed=("close_nominations_early",))
    assert programme.phase == rules.SCREENING


def test_judging_cannot_start_without_a_juror(db, organiser):
    programme = factories.programme(organiser, groups=(1,), commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    nomination = dossiers.nominate(programme, product, 1, owner)
    fill_dossier(nomination, owner)
    dossiers.submit_dossier(nomination, owner)
    programmes.advance_phase(programme, organiser)
    dossiers.screen(nomination, "accept", None, organiser)

    with pytest.raises(AwardError) as refused:
        programmes.advance_phase(programme, organiser)
    assert refused.value.code == "no_juror"
    assert programmes.what_blocks_next_phase(programme) == str(refused.value)
    assert programme.phase == rules.SCREENING


def test_the_advance_page_names_the_step_and_refuses_judging_without_jury_with_a_link_to_it(
    client, login, db, organiser
):
    programme = factories.programme(organiser, groups=(1,), commit=True)
    programmes.advance_phase(programme, organiser)
    _producer, (product,), owner = factories.entrant(commit=True)
    nomination = dossiers.nominate(programme, product, 1, owner)
    fill_dossier(nomination, owner)
    dossiers.submit_dossier(nomination, owner)
    programmes.advance_phase(programme, organiser)
    dossiers.screen(nomination, "accept", None, organiser)
    db.session.commit()
    login(organiser)
    url = f"/awards/manage/{programme.id}/advance"

    shown = client.get(url)
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert f'href="/awards/manage/{programme.id}/jury"' in page
    assert "Chưa phân công giám khảo" in page
    assert reload(db, programme).phase == rules.SCREENING  # GET changes nothing


def test_the_advance_page_asks_before_closing_nominations_early_and_keeps_the_page_on_refusal(
    client, login, db, organiser
):
    programme = factories.programme(organiser, nomination_closes_on=date.today() + timedelta(days=5), commit=True)
    programmes.advance_phase(programme, organiser)
    db.session.commit()
    login(organiser)
    url = f"/awards/manage/{programme.id}/advance"

    page = client.get(url).get_data(as_text=True)
    assert 'name="confirm" value="close_nominations_early"' in page
    refused = post_form(client, url, url, {})
    assert refused.status_code == 409
    assert "Xác nhận trước" in refused.get_data(as_text=True)
    assert reload(db, programme).phase == rules.NOMINATION

    done = post_form(client, url, url, {"confirm": "close_nominations_early"})
    assert done.status_code == 303
    assert reload(db, programme).phase == rules.SCREENING


def test_the_publish_page_shows_the_certificates_dates_and_ends_the_vote_only_when_chosen(
    client, login, db, running, organiser
):
    programme = running.to_voting()
    login(organiser)
    url = f"/awards/manage/{programme.id}/publish"

    page = client.get(url).get_data(as_text=True)
    assert "15/03/2026" in page and "31/12/2029" in page
    assert 'value="end_vote_early"' in page
    assert reload(db, programme).phase == rules.VOTING

    refused = post_form(client, url, url, {})
    assert refused.status_code == 409 and 'value="end_vote_early"' in refused.get_data(as_text=True)
    assert reload(db, programme).phase == rules.VOTING

    done = post_form(client, url, url, {"confirm": "end_vote_early"})
    assert done.status_code == 303
    assert reload(db, programme).phase == rules.PUBLISHED


def test_publishing_without_a_decision_number_stays_on_the_page_with_the_way_to_fix_it(
    client, login, db, running, organiser
):
    programme = running.to_voting()
    programmes.update_settings(programme, {"decision_number": None}, organiser)
    db.session.commit()
    login(organiser)
    url = f"/awards/manage/{programme.id}/publish"

    refused = post_form(client, f"/awards/manage/{programme.id}", url, {"confirm": "end_vote_early"})

    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert f'href="/awards/manage/{programme.id}"' in page and "Nhập quyết định" in page
    assert reload(db, programme).phase == rules.VOTING


def test_the_verify_page_says_not_yet_valid_before_the_start_date(client, db, running, organiser):
    programme = running.to_voting()
    results.publish_results(programme, organiser, confirmed=("end_vote_early",))
    certificate = db.session.scalars(select(Certificate)).first()
    certificate.issued_on = rules.today_in_vietnam() + timedelta(days=3)
    db.session.commit()

    page = client.get(f"/awards/verify/{certificate.code}").get_data(as_text=True)

    assert "chưa có hiệu lực" in page
    assert "hết hiệu lực" not in page


def test_a_vote_from_a_stale_tab_is_refused_on_the_programme_page_with_the_reason(
    client, login, db, running, make_user
):
    programme = running.to_voting()
    first, second, _food = running.entries
    login(make_user("buyer"))
    page = f"/awards/{programme.id}"
    post_form(client, page, f"{page}/vote", {"nomination_id": str(first.id)})

    twice = post_form(client, page, f"{page}/vote", {"nomination_id": str(second.id)})

    html = twice.get_data(as_text=True)
    assert twice.status_code == 409
    assert 'class="error-summary refusal"' in html and "Xung đột dữ liệu" not in html
    assert f'href="/awards/{programme.id}#group-1"' in html
    assert programme.name in html  # the programme page itself, not the bare error page


def test_results_before_publication_say_not_yet_published_not_no_permission(client, login, db, running, make_user):
    programme = running.to_voting()
    login(make_user("buyer"))

    early = client.get(f"/awards/{programme.id}/results")

    html = early.get_data(as_text=True)
    assert early.status_code == 404
    assert "chưa được công bố" in html and "Không có quyền" not in html


def test_a_refused_screening_stays_on_the_dossiers_page(client, login, db, running, organiser):
    login(organiser)
    entry = running.entries[0]  # already accepted: judging has started
    page = f"/awards/manage/{running.programme.id}/dossiers"

    refused = post_form(
        client, page, f"/awards/manage/nominations/{entry.id}/screen", {"decision": "reject", "note": "x"}
    )

    html = refused.get_data(as_text=True)
    assert refused.status_code in (409, 422)
    assert 'class="error-summary refusal"' in html and entry.code in html
