"""English pages name the common units in English and count in the right number ('1 star', not '1 stars')."""

from marketplace.catalogue import services
from marketplace.catalogue.units import unit_in


def test_common_units_have_english_names_and_others_stay_as_written():
    assert [unit_in(u, "en") for u in ("chai", "Hộp", "chiếc", "bộ", "kg", "vò")] == [
        "bottle",
        "box",
        "piece",
        "set",
        "kg",
        "vò",
    ]
    assert unit_in("chai", "vi") == "chai"


def test_the_product_page_shows_the_unit_in_the_page_language(client, db, producer):
    product = services.create_product(
        producer, {"code": "NM1", "name": "Nước mắm", "group_number": 2, "price_vnd": 120_000, "unit": "chai"}
    )
    services.publish_product(product)
    db.session.commit()
    url = f"/products/{product.id}"

    assert "/ chai" in client.get(url).get_data(as_text=True)
    client.set_cookie("lang", "en")
    assert "/ bottle" in client.get(url).get_data(as_text=True)


def test_one_star_is_singular_on_english_pages(client, db):
    client.set_cookie("lang", "en")

    page = client.get("/products?ocop_min=1").get_data(as_text=True)

    assert "OCOP 1 star or more" in page and "1 stars" not in page
