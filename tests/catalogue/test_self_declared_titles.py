"""OCOP stars and standout titles a producer enters are self-declared: labelled so, and no badge, filter,
facet or ranking trusts them until the awards module or staff grant or verify them."""

from sqlalchemy import select

from marketplace.catalogue import services
from marketplace.catalogue.models import Certification, Product
from tests import factories
from tests.accounts.helpers import submit
from tests.conftest import csrf_token_from

OCOP_5 = {
    "kind": "ocop",
    "stars": "5",
    "number": "OCOP-TU-KHAI",
    "valid_from": "01/03/2025",
    "valid_until": "28/02/2028",
}
NATIONAL = {"kind": "cnnt_standout", "level": "national", "year": "2025"}
SELF_DECLARED_VI = "Tự khai, chưa xác minh"
STANDOUT_BADGE_VI = "Sản phẩm công nghiệp nông thôn tiêu biểu ·"


def _declare(client, product, data) -> None:
    assert submit(client, f"/manage/products/{product.id}/certifications", data).status_code == 302


def _api_ids(client, query: str) -> set[int]:
    return {item["id"] for item in client.get(f"/api/v1/products?{query}").get_json()["items"]}


def test_a_producer_s_own_ocop_5_stars_is_labelled_and_trusted_by_no_filter(client, db, login, owner, producer):
    product = factories.product(producer, photo=True, name="Nón lá tự khai", commit=True)
    login(owner)

    _declare(client, product, OCOP_5)

    [row] = db.session.scalars(select(Certification).where(Certification.product_id == product.id))
    assert row.verified is False
    db.session.expire_all()
    assert db.session.get(Product, product.id).ocop_stars == 0
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert SELF_DECLARED_VI in page
    assert 'class="stars"' not in page.split('class="cert-list"')[1]  # no star badge beside it
    assert product.name not in client.get("/products?ocop_min=5").get_data(as_text=True)
    assert product.name not in client.get("/products?cert=ocop").get_data(as_text=True)
    assert product.id not in _api_ids(client, "ocop_min=5")
    assert product.id not in _api_ids(client, "certification=ocop")
    [certification] = client.get(f"/api/v1/products/{product.id}").get_json()["certifications"]
    assert certification["self_declared"] is True


def test_a_producer_s_own_national_standout_title_shows_no_badge(client, db, login, owner, producer):
    product = factories.product(producer, photo=True, commit=True)
    login(owner)

    _declare(client, product, NATIONAL)

    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert STANDOUT_BADGE_VI not in page
    assert SELF_DECLARED_VI in page
    assert product.id not in _api_ids(client, "certification=cnnt_standout")


def test_staff_verify_a_self_declared_ocop_certificate_which_then_counts(client, db, login, owner, producer, make_user):
    product = factories.product(producer, photo=True, name="Nón lá đã xác minh", commit=True)
    login(owner)
    _declare(client, product, OCOP_5)
    [row] = db.session.scalars(select(Certification).where(Certification.product_id == product.id))
    page = f"/manage/products/{product.id}/certifications"
    action = f"{page}/{row.id}/verify"

    token = csrf_token_from(client.get(page).get_data(as_text=True))
    assert client.post(action, data={"csrf_token": token}).status_code == 403  # not the producer's to do
    organiser = make_user("organiser")
    login(organiser)
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    assert action in client.get(page).get_data(as_text=True)  # the button is offered to staff
    assert client.post(action, data={"csrf_token": token}).status_code == 302

    db.session.expire_all()
    row = db.session.get(Certification, row.id)
    assert row.verified and row.verified_by_id == organiser.id
    assert db.session.get(Product, product.id).ocop_stars == 5
    assert product.id in _api_ids(client, "ocop_min=5")
    assert SELF_DECLARED_VI not in client.get(f"/products/{product.id}").get_data(as_text=True)


def test_titles_from_the_awards_module_and_the_centre_s_import_count(db, producer):
    product = factories.product(producer, commit=True)
    awarded = services.add_certification(product, "cnnt_standout", granted=True, level="province", year=2026)
    db.session.commit()

    assert awarded.verified and not awarded.self_declared
