"""A product without photos (an imported one, typically) shows its group's drawing, the same kind of
picture the demo's products have, on the listing and on its page; the drawing is served by the site."""

import io
import re

from PIL import Image

from marketplace.catalogue.demo_images import demo_photo
from marketplace.catalogue.placeholder import BY_GROUP
from tests.catalogue.import_fixtures import csv_bytes, imported, product_of, row, tax_code


def test_an_imported_product_without_photos_shows_its_group_drawing(client, db):
    imported(db, csv_bytes([row(7, "SP77", product_name="Nước mắm cá cơm", product_group="2")]))
    product = product_of(db, tax_code(7), "SP77")
    assert product is not None and not product.photos and product.group_number == 2

    listing = client.get("/products").get_data(as_text=True)
    page = client.get(f"/products/{product.id}").get_data(as_text=True)

    for html in (listing, page):
        assert 'src="/products/placeholder/2.jpg"' in html and 'srcset="/products/placeholder/2.webp"' in html
        assert 'class="photo-missing' not in html
    jpeg = client.get("/products/placeholder/2.jpg")
    webp = client.get("/products/placeholder/2.webp")
    assert (jpeg.status_code, jpeg.mimetype, webp.mimetype) == (200, "image/jpeg", "image/webp")
    # The very drawing the demo's products are given (demo_images), not a blank box.
    assert jpeg.data == demo_photo(*BY_GROUP[2]).variants["medium"]["jpeg"]
    width, height = re.search(r'photo-placeholder" src="[^"]+"\s+width="(\d+)" height="(\d+)"', page).groups()
    with Image.open(io.BytesIO(jpeg.data)) as image:
        assert image.size == (int(width), int(height))


def test_an_unknown_placeholder_is_not_found(client):
    assert client.get("/products/placeholder/9.jpg").status_code == 404
    assert client.get("/products/placeholder/1.gif").status_code == 404
