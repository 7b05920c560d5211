"""One name for each certificate and standout level: the producer who records it and the buyer who
reads or filters by it see the same words (catalogue/labels.py is their one owner)."""

from marketplace.catalogue.services import verify_certification
from tests import factories
from tests.accounts.helpers import submit

FOOD_SAFETY_VI = "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"
SELF_DECLARATION_VI = "Tự công bố chất lượng sản phẩm"


def test_a_food_safety_certificate_has_one_name_for_its_producer_and_its_buyers(client, db, login, owner, producer):
    product = factories.product(producer, photo=True, name="Miến dong Bình Liêu", commit=True)
    login(owner)
    form_page = client.get(f"/manage/products/{product.id}/certifications").get_data(as_text=True)
    assert FOOD_SAFETY_VI in form_page and SELF_DECLARATION_VI in form_page

    response = submit(
        client,
        f"/manage/products/{product.id}/certifications",
        {"kind": "food_safety", "number": "ATTP-123", "valid_until": "31/12/2029"},
    )
    assert response.status_code == 302

    recorded = client.get(f"/manage/products/{product.id}/certifications").get_data(as_text=True)
    public = client.get(f"/products/{product.id}").get_data(as_text=True)
    listing = client.get("/products?cert=food_safety").get_data(as_text=True)
    assert recorded.count(FOOD_SAFETY_VI) >= 2  # the recorded certificate, and the form's choice
    assert FOOD_SAFETY_VI in public
    assert FOOD_SAFETY_VI in listing and product.name in listing
    assert "Chứng nhận an toàn thực phẩm" not in public + listing  # the buyers' old, different name


def test_a_standout_title_s_level_reads_the_same_on_the_product_and_in_the_form(
    client, db, login, owner, producer, make_user
):
    product = factories.product(producer, photo=True, commit=True)
    login(owner)
    assert (
        submit(
            client,
            f"/manage/products/{product.id}/certifications",
            {"kind": "cnnt_standout", "level": "province", "year": "2025"},
        ).status_code
        == 302
    )
    form_page = client.get(f"/manage/products/{product.id}/certifications").get_data(as_text=True)
    assert "Cấp tỉnh" in form_page
    [certification] = product.certifications
    verify_certification(certification, make_user("staff"))
    db.session.commit()
    public = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert "cấp tỉnh 2025" in public
