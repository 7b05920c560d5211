"""The catalogue reads prices as the site writes them: in the import's cells and in the price filter."""

import pytest

from tests.catalogue.factories import make_product
from tests.catalogue.import_fixtures import csv_bytes, imported, outcome, product_of, row, tax_code


@pytest.mark.parametrize("cell", ["1.250.000", "1.250.000 ₫", "1250000", "1,250,000 ₫"])
def test_an_import_reads_a_price_cell_as_the_site_displays_it(db, cell):
    report = imported(db, csv_bytes([row(1, price_vnd=cell)]))

    assert outcome(report, 2) == [("created", "")]
    assert product_of(db, tax_code(1), "SP01").price_vnd == 1_250_000


def test_an_import_refuses_a_price_with_a_fraction_of_a_dong(db):
    report = imported(db, csv_bytes([row(1, price_vnd="1.250.000,50")]))

    assert outcome(report, 2) == [("rejected", "price_invalid")]
    assert product_of(db, tax_code(1), "SP01") is None


def test_the_price_filter_reads_what_the_site_displays(client, db, producer):
    cheap = make_product(producer, photo=True, name="Giỏ mây nhỏ", price_vnd=90_000)
    dear = make_product(producer, photo=True, name="Tủ mây lớn", price_vnd=2_500_000)

    page = client.get("/products?price_min=1.000.000+%E2%82%AB").get_data(as_text=True)

    assert dear.name in page and cheap.name not in page
