"""Which nominations, and whose screening decisions, a viewer sees: one rule for the web page and the API."""

from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from tests import factories
from tests.factories import fill_dossier


def _screened(db, organiser, make_user):
    """A programme in judging: one entry accepted, one rejected at screening (a juror appointed:
    judging does not start without one)."""
    programme = factories.programme(organiser, groups=(1,), commit=True)
    jury.appoint_juror(programme, make_user("juror"), 1, organiser)
    programmes.advance_phase(programme, organiser)  # nomination
    entries = []
    for _n in range(2):
        producer, (product,), owner = factories.entrant((1,), commit=True)
        nomination = dossiers.nominate(programme, product, 1, owner)
        fill_dossier(nomination, owner)
        dossiers.submit_dossier(nomination, owner)
        entries.append(nomination)
    programmes.advance_phase(programme, organiser)  # screening
    dossiers.screen(entries[0], "accept", None, organiser)
    dossiers.screen(entries[1], "reject", "Thiếu giấy tờ", organiser)
    programmes.advance_phase(programme, organiser)  # judging
    db.session.commit()
    return programme, entries


def test_the_api_hides_screening_decisions_until_the_entries_are_public(client, db, organiser, make_user):
    programme, _entries = _screened(db, organiser, make_user)

    response = client.get(f"/api/v1/awards/{programme.id}/nominations")

    assert response.status_code == 200
    assert response.get_json() == {"items": []}


def test_the_web_page_and_the_api_list_the_same_entries_to_the_public(client, db, running):
    programme = running.to_voting()

    items = client.get(f"/api/v1/awards/{programme.id}/nominations").get_json()["items"]
    page = client.get(f"/awards/{programme.id}").get_data(as_text=True)

    assert sorted(item["id"] for item in items) == sorted(entry.id for entry in running.entries)
    for entry in running.entries:
        assert entry.code in page


def test_organisers_see_every_dossier_and_its_status_on_both(client, db, organiser, make_user, bearer, login):
    programme, (accepted, rejected) = _screened(db, organiser, make_user)

    items = client.get(f"/api/v1/awards/{programme.id}/nominations", headers=bearer(organiser)).get_json()["items"]
    login(organiser)
    page = client.get(f"/awards/{programme.id}").get_data(as_text=True)

    assert {item["id"]: item["status"] for item in items} == {accepted.id: "accepted", rejected.id: "rejected"}
    assert rejected.code in page and "Bị từ chối" in page  # the screening decision, in Vietnamese


def test_the_public_page_shows_no_entry_before_the_vote(client, db, organiser, make_user):
    programme, (accepted, rejected) = _screened(db, organiser, make_user)

    page = client.get(f"/awards/{programme.id}").get_data(as_text=True)

    assert accepted.code not in page and rejected.code not in page
