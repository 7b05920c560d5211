"""Managing products through the pages: who may, the draft → published → archived rules, and bad input."""

import io

import pytest
from sqlalchemy import select

from marketplace.catalogue import services
from marketplace.catalogue.models import Product
from tests import factories
from tests.accounts.helpers import field_error, submit
from tests.conftest import csrf_token_from

PRODUCT = {
    "code": "PV-01",
    "name": "Giỏ mây đan tay có nắp",
    "name_en": "Hand-woven rattan basket",
    "kind": "product",
    "group_number": "1",
    "category": "Mây tre đan",
    "description": "Đan tay từ mây rừng.",
    "price": "1.250.000",
    "unit": "chiếc",
    "min_order_qty": "10",
}


def product_named(db, name: str) -> Product | None:
    db.session.expire_all()
    return db.session.scalar(select(Product).where(Product.name == name))


def post(client, path: str, data: dict | None = None, **kwargs):
    token = csrf_token_from(client.get("/account/").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **(data or {})}, **kwargs)


def upload(client, product, *files):
    token = csrf_token_from(client.get(f"/manage/products/{product.id}/photos").get_data(as_text=True))
    return client.post(
        f"/manage/products/{product.id}/photos",
        data={"csrf_token": token, "photos": list(files)},
        content_type="multipart/form-data",
    )


def test_a_producer_adds_a_product_as_a_hidden_draft(client, db, login, owner, producer):
    login(owner)

    response = submit(client, f"/manage/products/new?producer={producer.id}", PRODUCT)

    product = product_named(db, PRODUCT["name"])
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/{product.id}/photos")
    assert (product.status, product.price_vnd, product.category.name) == ("draft", 1_250_000, "Mây tre đan")
    assert client.get(f"/products/{product.id}").status_code == 200  # the owner sees the draft
    visitor = client.application.test_client()
    assert visitor.get(f"/products/{product.id}").status_code == 404
    assert PRODUCT["name"] not in visitor.get("/products").get_data(as_text=True)


def test_publishing_needs_a_photo(client, db, login, owner, producer):
    product = factories.product(producer, published=False, commit=True)
    login(owner)

    refused = post(client, f"/manage/products/{product.id}/publish")

    assert refused.status_code == 422
    assert "photo" in refused.get_data(as_text=True).lower() or "ảnh" in refused.get_data(as_text=True)
    assert product_named(db, product.name).status == "draft"

    assert upload(client, product, (io.BytesIO(factories.jpeg_bytes()), "gio.jpg")).status_code == 302
    published = post(client, f"/manage/products/{product.id}/publish")
    assert published.status_code == 303
    assert product_named(db, product.name).status == "published"
    assert client.application.test_client().get(f"/products/{product.id}").status_code == 200


def test_an_archived_or_unpublished_product_leaves_the_catalogue(client, db, login, owner, producer):
    product = factories.product(producer, photo=True, name="Khay tre hai quai", commit=True)
    visitor = client.application.test_client()
    assert "Khay tre hai quai" in visitor.get("/products").get_data(as_text=True)
    login(owner)

    post(client, f"/manage/products/{product.id}/archive")
    assert product_named(db, "Khay tre hai quai").status == "archived"
    assert visitor.get(f"/products/{product.id}").status_code == 404
    assert "Khay tre hai quai" not in visitor.get("/products").get_data(as_text=True)

    post(client, f"/manage/products/{product.id}/publish")
    post(client, f"/manage/products/{product.id}/unpublish")
    assert product_named(db, "Khay tre hai quai").status == "draft"
    assert visitor.get(f"/products/{product.id}").status_code == 404


def test_status_changes_only_answer_post(client, db, login, owner, producer):
    product = factories.product(producer, published=False, photo=True, commit=True)
    login(owner)
    assert client.get(f"/manage/products/{product.id}/publish").status_code == 405
    assert product_named(db, product.name).status == "draft"


@pytest.mark.parametrize("who", ["another producer", "buyer", "juror"])
def test_only_the_producer_s_own_accounts_and_staff_may_edit(client, db, login, make_user, producer, who):
    product = factories.product(producer, published=False, photo=True, commit=True)
    role = {"another producer": "producer"}.get(who, who)
    stranger = make_user(role)
    if who == "another producer":
        factories.producer(created_by=stranger, commit=True)
    login(stranger)

    for path in ("edit", "photos", "certifications"):
        assert client.get(f"/manage/products/{product.id}/{path}").status_code == 403
    assert client.get(f"/manage/products/new?producer={producer.id}").status_code == 403
    assert post(client, f"/manage/products/{product.id}/publish").status_code == 403
    assert post(client, f"/manage/products/{product.id}/edit", {**PRODUCT, "name": "Đổi tên"}).status_code == 403
    assert product_named(db, product.name).status == "draft"
    assert client.get(f"/products/{product.id}").status_code == 404  # nor may they see the draft


def test_anonymous_visitors_are_sent_to_log_in(client, db, producer):
    product = factories.product(producer, commit=True)
    for path in (f"/manage/products/{product.id}/edit", f"/manage/products/new?producer={producer.id}"):
        response = client.get(path)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_staff_edit_and_publish_any_producer_s_product(client, db, login, make_user, producer):
    product = factories.product(producer, published=False, photo=True, commit=True)
    login(make_user("organiser"))

    response = submit(client, f"/manage/products/{product.id}/edit", {**PRODUCT, "name": "Tên do trung tâm sửa"})
    assert response.status_code == 302
    assert post(client, f"/manage/products/{product.id}/publish").status_code == 303
    assert product_named(db, "Tên do trung tâm sửa").status == "published"
    assert (
        submit(client, f"/manage/products/new?producer={producer.id}", {**PRODUCT, "code": "TT-1"}).status_code == 302
    )


@pytest.mark.parametrize(
    ("price", "accepted"),
    [
        ("1250000", 1_250_000),
        ("1.250.000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("1 250 000 ₫", 1_250_000),
        ("12,5", None),
        ("mười nghìn", None),
        ("-5", None),
        ("", None),
        ("99999999999999", None),
    ],
)
def test_prices_are_whole_dong_written_the_usual_ways(client, db, login, owner, producer, price, accepted):
    login(owner)

    response = submit(client, f"/manage/products/new?producer={producer.id}", {**PRODUCT, "price": price})

    if accepted is None:
        assert response.status_code == 422 and field_error(response, "price")
        assert product_named(db, PRODUCT["name"]) is None
    else:
        assert product_named(db, PRODUCT["name"]).price_vnd == accepted


def test_price_on_request_stores_no_price(client, db, login, owner, producer):
    login(owner)
    submit(client, f"/manage/products/new?producer={producer.id}", {**PRODUCT, "price": "", "price_on_request": "y"})
    assert product_named(db, PRODUCT["name"]).price_vnd is None


def test_a_code_already_used_by_the_producer_is_refused(client, db, login, owner, producer):
    factories.product(producer, code="PV-01", commit=True)
    login(owner)

    response = submit(client, f"/manage/products/new?producer={producer.id}", PRODUCT)

    assert response.status_code == 422 and field_error(response, "code")
    assert product_named(db, PRODUCT["name"]) is None


def test_required_fields_and_groups_are_checked(client, db, login, owner, producer):
    login(owner)
    response = submit(
        client, f"/manage/products/new?producer={producer.id}", {**PRODUCT, "name": "", "group_number": "7"}
    )
    assert response.status_code == 422
    assert field_error(response, "name") and field_error(response, "group_number")


def test_an_ocop_certificate_entered_by_staff_sets_the_stars_shown_in_the_catalogue(
    client, db, login, make_user, producer
):
    product = factories.product(producer, photo=True, commit=True)
    login(make_user("organiser"))  # a producer's own entry is self-declared: see test_self_declared_titles.py

    refused = submit(client, f"/manage/products/{product.id}/certifications", {"kind": "ocop", "stars": ""})
    assert refused.status_code == 422 and field_error(refused, "stars")
    response = submit(
        client,
        f"/manage/products/{product.id}/certifications",
        {"kind": "ocop", "stars": "4", "number": "OCOP-12", "valid_from": "01/03/2025", "valid_until": "28/02/2028"},
    )
    assert response.status_code == 302
    assert product_named(db, product.name).ocop_stars == 4
    assert product.name in client.get("/products?ocop_min=4").get_data(as_text=True)

    [certificate] = product_named(db, product.name).certifications
    post(client, f"/manage/products/{product.id}/certifications/{certificate.id}/delete")
    assert product_named(db, product.name).ocop_stars == 0


def test_a_certificate_cannot_end_before_it_starts(client, db, login, owner, producer):
    product = factories.product(producer, commit=True)
    login(owner)
    response = submit(
        client,
        f"/manage/products/{product.id}/certifications",
        {"kind": "vietgap", "valid_from": "2025-05-01", "valid_until": "2025-01-01"},
    )
    assert response.status_code == 422 and field_error(response, "valid_until")


def test_another_product_s_certificate_cannot_be_deleted_through_mine(client, db, login, owner, producer):
    theirs = factories.product(factories.producer(commit=True), commit=True)
    certificate = services.add_certification(theirs, "vietgap", number="V-1")
    db.session.commit()
    mine = factories.product(producer, commit=True)
    login(owner)

    response = post(client, f"/manage/products/{mine.id}/certifications/{certificate.id}/delete")

    assert response.status_code == 404
    assert product_named(db, theirs.name).certifications
