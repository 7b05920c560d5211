"""POST /api/v1/fairs/{id}/leads: the booth page's scan for scripts, with the same rules and refusals."""

from marketplace.extensions import db
from marketplace.fairs.leads.models import Lead


def _post(client, w, headers, **body):
    return client.post(f"/api/v1/fairs/{w['fair'].id}/leads", json=body, headers=headers)


def test_a_scan_through_the_api_makes_then_continues_the_lead(client, bearer, booth_world):
    w = booth_world
    headers = bearer(w["staff"])
    made = _post(client, w, headers, code=w["code"], product_ids=[w["products"][0].id], note="Gọi lại", rating=5)
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["buyer"] == {"name": "Công ty Sen Việt", "email": "sen.viet@example.vn"}
    assert body["product_ids"] == [w["products"][0].id] and body["rating"] == 5 and body["continued"] is False
    again = _post(client, w, headers, code=w["code"].lower(), product_ids=[w["products"][1].id])
    assert again.status_code == 200 and again.get_json()["continued"] is True
    assert again.get_json()["id"] == body["id"] and again.get_json()["inquiry_id"] == body["inquiry_id"]
    assert db.session.query(Lead).count() == 1


def test_the_api_refuses_forged_codes_outsiders_and_bad_bodies(client, bearer, booth_world, make_user):
    w = booth_world
    headers = bearer(w["staff"])
    forged = _post(client, w, headers, code="CNNT-V-1-AAAAAAAA")
    assert forged.status_code == 422 and forged.get_json()["error"]["code"] == "unknown_badge"
    assert "not a visitor badge" in forged.get_json()["error"]["message"]  # English, whatever the account's language
    foreign = _post(client, w, headers, code=w["code"], product_ids=[w["draft"].id])
    assert foreign.status_code == 422 and foreign.get_json()["error"]["code"] == "invalid_products"
    assert _post(client, w, headers, code=w["code"], product_ids=["1; drop"]).status_code == 422
    assert _post(client, w, headers, code=w["code"], rating=9).status_code == 422
    assert client.post(f"/api/v1/fairs/{w['fair'].id}/leads", data="x", headers=headers).status_code == 400
    assert _post(client, w, bearer(w["buyer"]), code=w["code"]).status_code == 403
    assert _post(client, w, {}, code=w["code"]).status_code == 401
    assert client.post("/api/v1/fairs/999999/leads", json={"code": w["code"]}, headers=headers).status_code == 404
    assert db.session.query(Lead).count() == 0
