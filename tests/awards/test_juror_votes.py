"""A programme's jurors score its entries; they take no part in its public vote (web and API)."""

from sqlalchemy import func, select

from marketplace.awards.models import Vote
from tests.conftest import post_form


def _votes(db) -> int:
    return db.session.scalar(select(func.count(Vote.id)))


def test_a_juror_cannot_vote_through_the_api(client, db, running, bearer):
    programme = running.to_voting()

    response = client.post(
        f"/api/v1/awards/{programme.id}/votes",
        json={"nomination_id": running.entries[0].id},
        headers=bearer(running.jurors[0]),
    )

    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "juror"
    assert _votes(db) == 0


def test_a_juror_is_offered_no_vote_button_and_is_refused_on_the_web(client, db, running, login):
    programme = running.to_voting()
    login(running.jurors[0])
    page = f"/awards/{programme.id}"

    html = client.get(page).get_data(as_text=True)
    response = post_form(client, page, f"/awards/{programme.id}/vote", {"nomination_id": running.entries[0].id})

    assert f'name="nomination_id" value="{running.entries[0].id}"' not in html
    assert "ban giám khảo" in html  # the notice saying why, in Vietnamese
    assert response.status_code == 403
    assert _votes(db) == 0


def test_a_verified_member_of_the_public_still_votes(client, db, running, make_user, login):
    programme = running.to_voting()
    login(make_user("buyer"))
    page = f"/awards/{programme.id}"

    html = client.get(page).get_data(as_text=True)
    response = post_form(client, page, f"/awards/{programme.id}/vote", {"nomination_id": running.entries[0].id})

    assert f'name="nomination_id" value="{running.entries[0].id}"' in html
    assert response.status_code == 303
    assert _votes(db) == 1
