"""The inquiry endpoints of the public contract (api-v1.md), quotes and the board, through real HTTP."""

from datetime import date, timedelta

import pytest

from marketplace.inquiries import board


def test_a_buyer_creates_an_inquiry_and_both_parties_converse(db, app, bearer, buyer, producer_user, product):
    client = app.test_client()
    as_buyer, as_producer = bearer(buyer), bearer(producer_user)

    created = client.post(
        f"/api/v1/products/{product.id}/inquiries", json={"message": "Báo giá?", "quantity": 50}, headers=as_buyer
    )
    assert created.status_code == 201
    body = created.get_json()
    assert set(body) == {"id", "status"} and body["status"] == "new"

    received = client.get("/api/v1/inquiries", headers=as_producer).get_json()
    assert [item["id"] for item in received["items"]] == [body["id"]] and received["unread"] == 1
    sent = client.get("/api/v1/inquiries", headers=as_buyer).get_json()
    assert [item["id"] for item in sent["items"]] == [body["id"]]

    reply = client.post(f"/api/v1/inquiries/{body['id']}/messages", json={"body": "Có hàng."}, headers=as_producer)
    assert reply.status_code == 201
    detail = client.get(f"/api/v1/inquiries/{body['id']}", headers=as_buyer).get_json()
    assert [m["body"] for m in detail["messages"]] == ["Báo giá?", "Có hàng."]
    assert detail["status"] == "answered" and detail["quantity"] == 50


def test_quotes_through_the_api(db, app, bearer, thread, producer_user):
    client = app.test_client()
    valid = (date.today() + timedelta(days=7)).isoformat()
    quote = client.post(
        f"/api/v1/inquiries/{thread.id}/quotes",
        headers=bearer(producer_user),
        json={"unit_price_vnd": 99000, "valid_until": valid, "min_quantity": 10},
    )
    assert quote.status_code == 201 and quote.get_json()["status"] == "open"

    accepted = client.post(f"/api/v1/quotes/{quote.get_json()['id']}/accept", headers=bearer(thread.buyer))
    assert accepted.status_code == 200
    assert accepted.get_json()["status"] == "accepted" and accepted.get_json()["inquiry_status"] == "closed"
    again = client.post(f"/api/v1/quotes/{quote.get_json()['id']}/decline", headers=bearer(thread.buyer))
    assert again.status_code == 409


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({}, 422),
        ({"message": ""}, 422),
        ({"message": "x", "quantity": 0}, 422),
        ({"message": "x" * 5001}, 422),
        (["not", "an", "object"], 400),
        ({"message": {"nested": 1}}, 422),
    ],
)
def test_bad_inquiry_bodies_get_a_json_error_never_a_500(db, app, bearer, buyer, product, payload, status):
    response = app.test_client().post(f"/api/v1/products/{product.id}/inquiries", json=payload, headers=bearer(buyer))
    assert response.status_code == status
    assert set(response.get_json()["error"]) == {"code", "message"}


def test_inquiries_about_unknown_or_unpublished_products_are_404(db, app, bearer, buyer, product):
    product.status = "draft"
    db.session.commit()
    client = app.test_client()
    assert (
        client.post(
            f"/api/v1/products/{product.id}/inquiries", json={"message": "x"}, headers=bearer(buyer)
        ).status_code
        == 404
    )
    assert (
        client.post("/api/v1/products/99999999999/inquiries", json={"message": "x"}, headers=bearer(buyer)).status_code
        == 404
    )


def test_the_board_through_the_api(db, app, bearer, buyer, producer_user, product):
    client = app.test_client()
    deadline = (date.today() + timedelta(days=5)).isoformat()
    posted = client.post(
        "/api/v1/requests",
        headers=bearer(buyer),
        json={"title": "Cần 300 nón lá", "group_number": 1, "quantity": 300, "unit": "chiếc", "deadline": deadline},
    )
    assert posted.status_code == 201
    request_id = posted.get_json()["id"]
    listed = client.get("/api/v1/requests").get_json()
    assert [item["id"] for item in listed["items"]] == [request_id] and listed["items"][0]["open"] is True

    answer = client.post(
        f"/api/v1/requests/{request_id}/quotes",
        headers=bearer(producer_user),
        json={"unit_price_vnd": 30000, "valid_until": deadline},
    )
    assert answer.status_code == 201
    thread = client.get(f"/api/v1/inquiries/{answer.get_json()['inquiry_id']}", headers=bearer(buyer)).get_json()
    assert thread["request_id"] == request_id and thread["quotes"][0]["unit_price_vnd"] == 30000


def test_hidden_requests_are_404_in_the_api(db, app, buyer, make_user):
    posted = board.post_request(
        buyer,
        {"title": "x", "group_number": 1, "quantity": 1, "unit": "kg", "deadline": date.today() + timedelta(days=3)},
    )
    board.hide_request(posted, make_user("organiser"), "spam")
    db.session.commit()
    assert app.test_client().get(f"/api/v1/requests/{posted.id}").status_code == 404


def test_a_rule_s_refusal_answers_in_english_with_its_status_s_code_and_writes_nothing(
    db, app, bearer, make_user, outbox, producer_user, product
):
    """The board's rule (not the form) refuses the deadline: core.errors answers it, in English even
    for a Vietnamese account, and the request's unit of work rolls back: no request, no mail."""
    from sqlalchemy import select

    from marketplace.inquiries.models import BuyingRequest

    buyer = make_user("buyer", locale="vi")
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = app.test_client().post(
        "/api/v1/requests",
        headers={**bearer(buyer), "Accept-Language": "vi"},
        json={"title": "Cần giỏ mây", "group_number": 1, "quantity": 100, "unit": "chiếc", "deadline": yesterday},
    )

    assert response.status_code == 422
    assert response.get_json() == {
        "error": {"code": "unprocessable", "message": "The deadline must be between today and one year from now."}
    }
    assert db.session.execute(select(BuyingRequest)).first() is None
    assert outbox.messages() == []


def test_a_blocked_buyer_is_refused_with_the_code_of_403_in_english(db, app, bearer, make_user, product):
    """InquiryError(status=403) raised by the service: code "forbidden", as api_error gave it before."""
    from marketplace.core.models import utcnow
    from marketplace.inquiries.models import BLOCKED, SpamReview

    buyer = make_user("buyer", locale="vi")
    db.session.add(SpamReview(buyer_id=buyer.id, status=BLOCKED, blocked_until=utcnow() + timedelta(days=3)))
    db.session.commit()
    response = app.test_client().post(
        f"/api/v1/products/{product.id}/inquiries", json={"message": "Báo giá?"}, headers=bearer(buyer)
    )

    assert response.status_code == 403
    assert response.get_json() == {
        "error": {
            "code": "forbidden",
            "message": (
                "Several producers reported your recent messages as unwanted, and the centre confirmed it. "
                "Please contact the centre."
            ),
        }
    }
