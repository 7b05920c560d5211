"""The catalogue API of the v1 contract: GET /api/v1/products (search, filters, pages), /products/{id} and
/producers/{id}; bad parameters get a JSON 400/422, never a 500."""

import base64

import pytest

from marketplace.accounts.services import issue_api_token
from marketplace.catalogue import services
from tests import factories
from tests.conftest import PASSWORD

CONTRACT_ITEM_KEYS = {"id", "code", "name", "name_en", "category", "price_vnd", "unit", "province", "producer", "url"}


@pytest.fixture
def catalogue(db):
    thanh_hoa = factories.producer(name="HTX Cói Nga Sơn", province_code="38", phone="0237 111 222", commit=True)
    vinh_long = factories.producer(name="HTX Kẹo dừa Mỏ Cày", province_code="86", commit=True)
    mat = factories.product(
        thanh_hoa,
        name="Chiếu cói in hoa",
        name_en="Printed sedge mat",
        code="NS-01",
        category="Cói",
        price_vnd=210_000,
        unit="chiếc",
        photo=True,
        commit=True,
    )
    candy = factories.product(vinh_long, name="Kẹo dừa sầu riêng", group_number=2, price_vnd=55_000, commit=True)
    sauce = factories.product(thanh_hoa, name="Nước mắm Ba Làng", group_number=2, price_vnd=None, commit=True)
    services.add_certification(candy, "ocop", granted=True, stars=4)
    services.add_certification(sauce, "haccp")
    draft = factories.product(thanh_hoa, name="Bản nháp", published=False, commit=True)
    db.session.commit()
    return {"mat": mat, "candy": candy, "sauce": sauce, "draft": draft, "thanh_hoa": thanh_hoa}


def names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return sorted(item["name"] for item in response.get_json()["items"])


def assert_error(response, status: int, code: str):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"]["code"] == code and body["error"]["message"]


def test_the_list_has_the_contract_s_shape(client, catalogue):
    body = client.get("/api/v1/products?q=chieu").get_json()

    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    [item] = body["items"]
    assert CONTRACT_ITEM_KEYS <= set(item)
    mat = catalogue["mat"]
    assert item["id"] == mat.id and item["code"] == "NS-01" and item["name_en"] == "Printed sedge mat"
    assert (item["category"], item["price_vnd"], item["unit"], item["province"]) == (
        "Cói",
        210_000,
        "chiếc",
        "Thanh Hóa",
    )
    assert item["producer"] == {"id": mat.producer_id, "name": "HTX Cói Nga Sơn"}
    assert item["url"] == f"http://localhost/products/{mat.id}/{mat.slug}"
    assert client.get(item["url"].replace("http://localhost", "")).status_code == 200


def test_empty_q_lists_every_published_product_and_never_a_draft(client, catalogue):
    assert names(client.get("/api/v1/products")) == ["Chiếu cói in hoa", "Kẹo dừa sầu riêng", "Nước mắm Ba Làng"]
    assert names(client.get("/api/v1/products?q=")) == names(client.get("/api/v1/products"))


@pytest.mark.parametrize("q", ["nuoc mam", "NƯỚC MẮM", "nươc mam", "ba lang", "nga son"])
def test_q_ignores_accents_case_and_matches_producer_and_place(client, catalogue, q):
    assert "Nước mắm Ba Làng" in names(client.get("/api/v1/products", query_string={"q": q}))


def test_q_matches_english_names_and_d_for_đ(client, catalogue):
    assert names(client.get("/api/v1/products?q=sedge")) == ["Chiếu cói in hoa"]
    assert names(client.get("/api/v1/products?q=keo dua")) == ["Kẹo dừa sầu riêng"]


@pytest.mark.parametrize("province", ["Thanh Hóa", "thanh hoa", "THANH HOA", "Tỉnh Thanh Hóa", "38"])
def test_province_by_name_with_or_without_accents_or_by_code(client, catalogue, province):
    assert names(client.get("/api/v1/products", query_string={"province": province})) == [
        "Chiếu cói in hoa",
        "Nước mắm Ba Làng",
    ]


def test_a_former_province_maps_to_today_s(client, catalogue):
    assert names(client.get("/api/v1/products", query_string={"province": "Bến Tre"})) == ["Kẹo dừa sầu riêng"]


def test_category_certification_and_ocop_filters(client, catalogue):
    assert names(client.get("/api/v1/products?category=coi")) == ["Chiếu cói in hoa"]
    assert names(client.get("/api/v1/products?certification=HACCP")) == ["Nước mắm Ba Làng"]
    assert names(client.get("/api/v1/products?ocop_min=4")) == ["Kẹo dừa sầu riêng"]
    assert names(client.get("/api/v1/products?ocop_min=0")) == names(client.get("/api/v1/products"))


def test_per_page_defaults_to_20_and_goes_up_to_100(client, db):
    producer = factories.producer(commit=True)
    for n in range(105):
        factories.product(producer, name=f"Mẫu {n:03d}")
    db.session.commit()

    default = client.get("/api/v1/products").get_json()
    hundred = client.get("/api/v1/products?per_page=100").get_json()
    last = client.get("/api/v1/products?per_page=100&page=2").get_json()

    assert (len(default["items"]), default["total"]) == (20, 105)
    assert (len(hundred["items"]), hundred["per_page"]) == (100, 100)
    assert len(last["items"]) == 5 and last["page"] == 2
    ids = [i["id"] for i in hundred["items"]] + [i["id"] for i in last["items"]]
    assert len(set(ids)) == 105  # pages neither repeat nor skip


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ({"per_page": "101"}, 422, "unprocessable"),
        ({"per_page": "0"}, 422, "unprocessable"),
        ({"per_page": "ten"}, 400, "bad_request"),
        ({"page": "0"}, 422, "unprocessable"),
        ({"page": "-1"}, 400, "bad_request"),
        ({"page": "1e3"}, 400, "bad_request"),
        ({"page": "99999999999999999999999"}, 400, "bad_request"),
        ({"ocop_min": "6"}, 422, "unprocessable"),
        ({"ocop_min": "four"}, 400, "bad_request"),
        ({"province": "Atlantis"}, 422, "unprocessable"),
        ({"province": "99"}, 422, "unprocessable"),
        ({"certification": "organic-ish"}, 422, "unprocessable"),
        ({"group": "7"}, 422, "unprocessable"),
        ({"sort": "cheapest"}, 422, "unprocessable"),
        ({"q": "x" * 201}, 422, "unprocessable"),
    ],
)
def test_bad_parameters_get_a_clear_json_error(client, catalogue, query, status, code):
    assert_error(client.get("/api/v1/products", query_string=query), status, code)


@pytest.mark.parametrize("q", ["%", "_", "\\", "' OR 1=1 --", "😀", "ký tự\u200b"])
def test_odd_words_are_just_words(client, catalogue, q):
    assert client.get("/api/v1/products", query_string={"q": q}).status_code == 200


def test_a_nul_character_is_a_400_not_a_database_error(client, catalogue):
    assert_error(client.get("/api/v1/products", query_string={"q": "mam\x00"}), 400, "bad_request")
    assert client.get("/products", query_string={"q": "mam\x00"}).status_code == 400


def test_one_product_in_full(client, catalogue):
    mat = catalogue["mat"]

    body = client.get(f"/api/v1/products/{mat.id}").get_json()

    assert CONTRACT_ITEM_KEYS <= set(body)
    assert body["name"] == "Chiếu cói in hoa" and body["group"] == 1
    assert body["photos"] and body["photos"][0]["thumb"].startswith("http://localhost/media/")
    candy = client.get(f"/api/v1/products/{catalogue['candy'].id}").get_json()
    assert candy["ocop_stars"] == 4 and candy["certifications"][0]["kind"] == "ocop"


def test_drafts_unknown_and_absurd_ids_are_404(client, catalogue):
    assert_error(client.get(f"/api/v1/products/{catalogue['draft'].id}"), 404, "not_found")
    assert_error(client.get("/api/v1/products/424242"), 404, "not_found")
    assert_error(client.get("/api/v1/products/99999999999999999999"), 404, "not_found")
    assert_error(client.get("/api/v1/producers/424242"), 404, "not_found")


def test_one_producer_with_its_published_products(client, catalogue):
    producer = catalogue["thanh_hoa"]

    body = client.get(f"/api/v1/producers/{producer.id}").get_json()

    assert body["name"] == "HTX Cói Nga Sơn" and body["province"] == "Thanh Hóa" and body["province_code"] == "38"
    assert sorted(p["name"] for p in body["products"]) == ["Chiếu cói in hoa", "Nước mắm Ba Làng"]
    assert body["url"] == f"http://localhost/producers/{producer.id}"
    assert "contacts" not in body and "0237 111 222" not in str(body)


def test_a_hidden_producer_is_404(client, catalogue, db):
    catalogue["thanh_hoa"].is_published = False
    db.session.commit()
    assert_error(client.get(f"/api/v1/producers/{catalogue['thanh_hoa'].id}"), 404, "not_found")
    assert_error(client.get(f"/api/v1/products/{catalogue['mat'].id}"), 404, "not_found")


def bearer(client, email: str) -> dict:
    basic = base64.b64encode(f"{email}:{PASSWORD}".encode()).decode()
    token = client.post("/api/v1/tokens", headers={"Authorization": f"Basic {basic}"}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_contacts_go_only_to_tokens_of_confirmed_accounts(db, client, catalogue, make_user):
    """An unconfirmed address gets no token any more; one it held from before still sees no contacts."""
    producer = catalogue["thanh_hoa"]
    make_user("buyer", email="confirmed@example.vn")
    unconfirmed_user = make_user("buyer", email="unconfirmed@example.vn", verified=False)

    old_token, _row = issue_api_token(unconfirmed_user)
    db.session.commit()

    confirmed = client.get(f"/api/v1/producers/{producer.id}", headers=bearer(client, "confirmed@example.vn"))
    unconfirmed = client.get(f"/api/v1/producers/{producer.id}", headers={"Authorization": f"Bearer {old_token}"})

    assert confirmed.get_json()["contacts"]["phone"] == "0237 111 222"
    assert "contacts" not in unconfirmed.get_json()


def test_the_endpoints_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    listing = paths["/api/v1/products"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {
        "q",
        "province",
        "category",
        "certification",
        "ocop_min",
        "page",
        "per_page",
    }
    assert {"200", "400", "422"} <= set(listing["responses"])
    assert "get" in paths["/api/v1/products/{id}"] and "get" in paths["/api/v1/producers/{id}"]
