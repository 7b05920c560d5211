"""The product page reads its product, certificates and siblings in a fixed number of statements:
at 100,000 products its six statements (two of them lazy loads from the template) were about a
third of an uncached page's time."""

from marketplace.catalogue import photos, services
from tests import factories
from tests.sql_count import statements


def _reads(client, product) -> int:
    """The SELECTs of one GET of the product's page, after a first one (the test's outer transaction
    adds savepoints around each request: they are no read)."""
    _page(client, product)
    with statements() as seen:
        _page(client, product)
    return sum(statement.lstrip().upper().startswith("SELECT") for statement in seen)


def _page(client, product) -> str:
    response = client.get(f"/products/{product.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_full_product_page_takes_as_many_statements_as_a_bare_one(client, db):
    bare = factories.product(factories.producer(), commit=True)

    producer = factories.producer()
    full = factories.product(producer, photo=True, name="Bình gốm men lam")
    photos.attach_photos(
        full, [photos.Upload("hai.jpg", factories.jpeg_bytes()), photos.Upload("ba.jpg", factories.jpeg_bytes())]
    )
    services.add_certification(full, "vietgap", number="SP-RIENG-1", granted=True)
    services.add_certification(full, "haccp", number="SP-RIENG-2", granted=True)
    services.add_certification(producer, "iso22000", number="CS-CHUNG-1", granted=True)
    for n in range(5):
        factories.product(producer, photo=True, name=f"Chén gốm {n}")
    db.session.commit()

    assert _reads(client, full) == _reads(client, bare) == 3

    # One statement reads both kinds of certificate: each still shows where it belongs.
    page = _page(client, full)
    own, establishment = page.split("Chứng nhận của cơ sở", 1)  # "Held by the establishment"
    assert "SP-RIENG-1" in own and "SP-RIENG-2" in own and "CS-CHUNG-1" not in own
    assert "CS-CHUNG-1" in establishment and "SP-RIENG-1" not in establishment
    assert sum(f"Chén gốm {n}" in page for n in range(5)) == 4  # the siblings shown: four of five
