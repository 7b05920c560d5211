"""The fair endpoints of the public contract (api-v1.md), through real HTTP requests."""

from datetime import timedelta

from marketplace.core.models import utcnow
from marketplace.fairs import organise, services
from tests import factories
from tests.factories import booth, pay


def test_fairs_lists_published_fairs_with_the_contract_fields(client, organiser):
    fair = factories.fair(organiser, name="Hội chợ API", commit=True)
    factories.fair(organiser, name="Bản nháp", publish=False, commit=True)

    body = client.get("/api/v1/fairs").get_json()

    names = [item["name"] for item in body["items"]]
    assert "Hội chợ API" in names and "Bản nháp" not in names
    item = next(i for i in body["items"] if i["id"] == fair.id)
    assert {"id", "name", "starts_on", "ends_on", "venue", "province", "registration_open"} <= set(item)
    assert item["registration_open"] is True and item["starts_on"] == fair.starts_on.isoformat()
    assert item["province"] == "Hà Nội"


def test_booths_carry_code_type_area_price_and_live_status(client, db, organiser):
    fair = factories.fair(organiser, standard=3, corner=1, commit=True)
    user, producer = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), producer, user)
    paid = services.hold_booth(fair, booth(fair, "S02"), producer, user)
    services.start_payment(paid)
    pay(paid)
    organise.change_booths([booth(fair, "S03")], "block")
    db.session.commit()

    items = {i["code"]: i for i in client.get(f"/api/v1/fairs/{fair.id}/booths").get_json()["items"]}

    assert {code: i["status"] for code, i in items.items()} == {
        "S01": "held",
        "S02": "booked",
        "S03": "blocked",
        "C01": "available",
    }
    assert items["C01"] == {
        "code": "C01",
        "type": "corner",
        "type_name": "Gian góc",
        "hall": "Nhà A",
        "area_m2": 9.0,
        "price_vnd": 8_000_000,
        "status": "available",
    }
    assert client.get("/api/v1/fairs/999999/booths").status_code == 404


def test_a_producer_books_a_booth_and_gets_201_then_others_get_409(client, organiser, bearer):
    fair = factories.fair(organiser, subsidy_percent=50, subsidy_budget_vnd=10_000_000, commit=True)
    (user_a, _a), (user_b, _b) = factories.producer_account(commit=True), factories.producer_account(commit=True)

    response = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "s01"}, headers=bearer(user_a))

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["booth_code"] == "S01" and body["status"] == "held" and body["amount_due_vnd"] == 3_000_000
    assert body["reference"].startswith("HC-") and body["expires_at"]
    again = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=bearer(user_b))
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "booth_unavailable"


def test_booking_refusals_have_the_contract_statuses(client, db, organiser, make_user, bearer):
    fair = factories.fair(organiser, commit=True)
    user, _producer = factories.producer_account(commit=True)
    url = f"/api/v1/fairs/{fair.id}/bookings"

    assert client.post(url, json={"booth_code": "S01"}).status_code == 401
    assert client.post(url, json={"booth_code": "S01"}, headers=bearer(make_user("buyer"))).status_code == 403
    assert client.post(url, json={"booth_code": "S01"}, headers=bearer(make_user("producer"))).status_code == 403
    assert client.post(url, json={}, headers=bearer(user)).status_code == 422
    assert client.post(url, data="not json", headers=bearer(user)).status_code == 400
    assert client.post(url, json={"booth_code": "Z99"}, headers=bearer(user)).status_code == 422
    assert (
        client.post("/api/v1/fairs/999999/bookings", json={"booth_code": "S01"}, headers=bearer(user)).status_code
        == 404
    )

    organise.close_registration(fair, organiser)
    db.session.commit()
    closed = client.post(url, json={"booth_code": "S01"}, headers=bearer(user))
    assert closed.status_code == 422
    assert closed.get_json()["error"] == {
        "code": "registration_closed",
        "message": "Registration for this fair is closed.",
    }


def test_an_ineligible_producer_gets_403(client, organiser, bearer):
    fair = factories.fair(organiser, eligible_provinces=["79"], commit=True)
    user, _producer = factories.producer_account(province_code="01", commit=True)
    response = client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "S01"}, headers=bearer(user))
    assert response.status_code == 403


def test_a_booking_is_shown_to_its_producer_and_organisers_only(client, db, organiser, bearer, make_user):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    other_user, _other = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    url = f"/api/v1/bookings/{booking.id}"

    mine = client.get(url, headers=bearer(user))
    assert mine.status_code == 200
    assert mine.get_json()["status"] == "held" and mine.get_json()["payments"] == []
    assert client.get(url, headers=bearer(organiser)).status_code == 200
    assert client.get(url, headers=bearer(other_user)).status_code == 404
    assert client.get(url, headers=bearer(make_user("buyer"))).status_code == 404
    assert client.get(url).status_code == 401


def test_internal_statuses_map_onto_the_contracts(client, db, organiser, bearer):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    user, producer = factories.producer_account(commit=True)
    applied = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.submit_booking(applied, [], None)
    lapsed = services.hold_booth(fair, booth(fair, "S02"), producer, user, now=utcnow() - timedelta(hours=1))
    db.session.commit()
    headers = bearer(user)

    shown = client.get(f"/api/v1/bookings/{applied.id}", headers=headers).get_json()
    assert (shown["status"], shown["stage"]) == ("held", "applied")
    shown = client.get(f"/api/v1/bookings/{lapsed.id}", headers=headers).get_json()
    assert (shown["status"], shown["expires_at"]) == ("expired", None)

    services.reject_booking(applied, organiser, "Hết chỗ cho nhóm hàng này")
    db.session.commit()
    shown = client.get(f"/api/v1/bookings/{applied.id}", headers=headers).get_json()
    assert (shown["status"], shown["stage"]) == ("cancelled", "rejected")


def test_payments_registered_by_the_payments_area_appear_on_the_booking(client, db, organiser, bearer, monkeypatch):
    from marketplace.fairs import queries

    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    monkeypatch.setattr(queries, "PAYMENT_SOURCES", [])
    queries.register_payment_source(
        lambda b: [{"provider": "bank_transfer", "status": "pending", "amount_vnd": b.amount_due_vnd}]
    )

    body = client.get(f"/api/v1/bookings/{booking.id}", headers=bearer(user)).get_json()
    assert body["payments"] == [{"provider": "bank_transfer", "status": "pending", "amount_vnd": 6_000_000}]


def test_the_fair_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "post" in paths["/api/v1/fairs/{fair_id}/bookings"]
    assert {"201", "409", "403", "422"} <= set(paths["/api/v1/fairs/{fair_id}/bookings"]["post"]["responses"])
    assert "get" in paths["/api/v1/bookings/{booking_id}"] and "get" in paths["/api/v1/fairs"]


def test_booking_attempts_are_limited_to_thirty_a_minute(client, organiser, bearer):
    fair = factories.fair(organiser, commit=True)
    user, _producer = factories.producer_account(commit=True)
    headers = bearer(user)

    statuses = [
        client.post(f"/api/v1/fairs/{fair.id}/bookings", json={"booth_code": "X99"}, headers=headers).status_code
        for _ in range(31)
    ]

    assert 429 not in statuses[:30] and statuses[30] == 429
