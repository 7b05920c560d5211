"""An account whose email is not confirmed gets no API token and acts for no establishment, on the
web and in the API, and is told why with a way to get the confirmation link again."""

from marketplace.accounts.services import issue_api_token
from marketplace.core.errors import UNCONFIRMED_TEXT
from marketplace.fairs import organise
from marketplace.producers import services as producer_services
from tests import factories
from tests.accounts.helpers import in_language
from tests.conftest import PASSWORD
from tests.factories import fair_values


def member_of_new_producer(db, make_user, verified: bool):
    user = make_user("producer", verified=verified)
    producer = factories.producer(commit=True)
    producer_services.add_member(producer, user)
    db.session.commit()
    return user, producer


def test_an_unconfirmed_email_gets_no_api_token_and_is_told_why(client, make_user):
    unconfirmed = make_user("producer", verified=False)
    confirmed = make_user("producer")

    refused = client.post("/api/v1/tokens", auth=(unconfirmed.email, PASSWORD))
    granted = client.post("/api/v1/tokens", auth=(confirmed.email, PASSWORD))

    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "email_unconfirmed"
    assert "Confirm your email" in refused.get_json()["error"]["message"]
    assert granted.status_code == 201


def test_an_unconfirmed_member_cannot_edit_its_profile_and_is_offered_a_new_link(app, db, client, login, make_user):
    user, producer = member_of_new_producer(db, make_user, verified=False)
    login(user)

    response = client.get(f"/producers/{producer.id}/edit")

    assert response.status_code == 403
    page = response.get_data(as_text=True)
    title, text = UNCONFIRMED_TEXT
    assert in_language(app, "vi", lambda: title) in page
    assert in_language(app, "vi", lambda: text) in page
    assert 'action="/account/verify/resend"' in page
    assert client.post("/producers/new", data={}).status_code in (400, 403)  # nor create another


def test_a_confirmed_member_edits_its_profile(db, client, login, make_user):
    user, producer = member_of_new_producer(db, make_user, verified=True)
    login(user)

    assert client.get(f"/producers/{producer.id}/edit").status_code == 200


def test_an_unconfirmed_producer_cannot_create_a_profile(client, login, make_user):
    login(make_user("producer", verified=False))

    response = client.get("/producers/new")

    assert response.status_code == 403
    assert 'action="/account/verify/resend"' in response.get_data(as_text=True)


def test_a_token_held_by_an_unconfirmed_member_books_no_booth(db, client, make_user):
    """A token taken before confirmation was required (or through any other way) acts for nobody."""
    user, producer = member_of_new_producer(db, make_user, verified=False)
    organiser = make_user("organiser")
    fair = organise.create_fair(fair_values(), organiser)
    standard = organise.save_booth_type(
        fair, {"code": "standard", "kind": "standard", "name": "Gian", "price_vnd": 6_000_000}
    )
    hall = organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 20})
    organise.add_booth_row(hall, standard, {"prefix": "S", "start": 1, "count": 2, "x": 1, "y": 1})
    organise.publish_fair(fair, organiser)
    raw, _token = issue_api_token(user)
    db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}

    refused = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=headers)

    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "email_unconfirmed"
    user.email_verified_at = producer.created_at
    db.session.commit()
    booked = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=headers)
    assert booked.status_code == 201
