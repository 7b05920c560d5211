"""The awards endpoints of the contract (api-v1.md): shapes, phases, votes and who sees results."""

import pytest

from marketplace.awards.services_results import publish_results
from tests import factories


def test_programmes_list_with_the_contract_phase(client, running, organiser):
    factories.programme(organiser, commit=True)  # in preparation: not listed
    running.to_voting()

    body = client.get("/api/v1/awards").get_json()

    assert body["items"] == [
        {
            "id": running.programme.id,
            "name": running.programme.name,
            "year": 2026,
            "level": "province",
            "phase": "voting",
        }
    ]


def test_nominations_show_accepted_entries_with_product_and_group(client, running):
    running.to_voting()
    items = client.get(f"/api/v1/awards/{running.programme.id}/nominations").get_json()["items"]

    first = running.entries[0]
    assert {
        "id": first.id,
        "code": first.code,
        "product": {"id": first.product_id, "name": first.product.name},
        "group": 1,
        "status": "accepted",
    } in items
    assert len(items) == 3


def test_unknown_programme_is_a_json_404(client):
    response = client.get("/api/v1/awards/999999/nominations")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_vote_201_then_409_in_the_same_group(client, running, make_user, bearer):
    programme = running.to_voting()
    headers = bearer(make_user("buyer"))
    url = f"/api/v1/awards/{programme.id}/votes"

    first = client.post(url, json={"nomination_id": running.entries[0].id}, headers=headers)
    second = client.post(url, json={"nomination_id": running.entries[1].id}, headers=headers)

    assert first.status_code == 201 and first.get_json()["group"] == 1
    assert second.status_code == 409
    assert second.get_json()["error"]["message"] == "You have already voted in this product group."


def test_vote_403_for_an_unverified_account(client, running, make_user, bearer):
    programme = running.to_voting()
    headers = bearer(make_user("buyer", verified=False))

    response = client.post(
        f"/api/v1/awards/{programme.id}/votes", json={"nomination_id": running.entries[0].id}, headers=headers
    )
    assert response.status_code == 403


def test_vote_422_outside_the_voting_phase(client, running, make_user, bearer):
    response = client.post(
        f"/api/v1/awards/{running.programme.id}/votes",
        json={"nomination_id": running.entries[0].id},
        headers=bearer(make_user("buyer")),
    )

    assert response.status_code == 422
    assert response.get_json()["error"]["message"] == "The public vote is not open."


@pytest.mark.parametrize("body", [None, {}, {"nomination_id": "1"}, {"nomination_id": True}, [1]])
def test_vote_400_for_a_malformed_body(client, running, make_user, bearer, body):
    programme = running.to_voting()

    response = client.post(f"/api/v1/awards/{programme.id}/votes", json=body, headers=bearer(make_user("buyer")))
    assert response.status_code == 400


def test_vote_401_without_a_token(client, running):
    programme = running.to_voting()

    assert client.post(f"/api/v1/awards/{programme.id}/votes", json={"nomination_id": 1}).status_code == 401


def test_results_are_for_organisers_until_published_then_for_everyone(client, running, organiser, bearer, make_user):
    programme = running.to_voting()
    voter = make_user("buyer")
    client.post(
        f"/api/v1/awards/{programme.id}/votes", json={"nomination_id": running.entries[2].id}, headers=bearer(voter)
    )
    url = f"/api/v1/awards/{programme.id}/results"

    assert client.get(url).status_code == 403
    assert client.get(url, headers=bearer(voter)).status_code == 403
    live = client.get(url, headers=bearer(organiser)).get_json()
    publish_results(programme, organiser, confirmed=("end_vote_early",))
    public = client.get(url).get_json()

    assert live["published"] is False
    assert public["published"] is True
    food = next(i for i in public["items"] if i["nomination_id"] == running.entries[2].id)
    assert food == {
        "nomination_id": running.entries[2].id,
        "jury_score": 85.0,
        "public_votes": 1,
        "rank": 1,
        "awarded": True,
        "group": 2,
    }


def test_api_votes_are_rate_limited_per_account_with_a_json_429(client, running, make_user, bearer):
    programme = running.to_voting()
    headers = bearer(make_user("buyer"))
    url = f"/api/v1/awards/{programme.id}/votes"

    answers = [client.post(url, json={"nomination_id": running.entries[0].id}, headers=headers) for _ in range(21)]
    other = client.post(url, json={"nomination_id": running.entries[0].id}, headers=bearer(make_user("buyer")))

    statuses = [answer.status_code for answer in answers]
    assert statuses[0] == 201 and set(statuses[1:20]) == {409}
    assert statuses[20] == 429 and "error" in answers[20].get_json()
    assert other.status_code == 201  # the limit is the account's, not the shared address's
