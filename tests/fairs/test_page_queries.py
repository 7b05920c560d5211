"""The fair pages people land on send the same number of SQL statements whatever the number of
exhibitors and booths they show (no N+1)."""

import pytest

from marketplace.catalogue.models import Product
from marketplace.fairs import services
from tests.fairs.conftest import booth, pay
from tests.sql_count import statements_for


def _exhibit(db, fair, make_producer, codes):
    """A paid exhibitor in each booth of `codes`, each showing two published products at the fair."""
    for code in codes:
        user, producer = make_producer(province_code=("01", "31", "79")[len(code) % 3])
        products = []
        for k in range(2):
            product = Product(producer_id=producer.id, code=f"F{producer.id}-{k}",
                              name=f"Hàng hội chợ {producer.id}.{k}", slug=f"hang-{producer.id}-{k}",
                              group_number=1 + k, status="published")
            db.session.add(product)
            products.append(product)
        db.session.flush()
        booking = services.hold_booth(fair, booth(fair, code), producer, user)
        services.submit_booking(booking, products, None)
        pay(booking)
    db.session.commit()


@pytest.fixture
def two_fairs(db, make_fair, make_producer):
    """A fair with two paid exhibitors, and one with eight, on a bigger floor."""
    small = make_fair(standard=4, corner=2, name="Hội chợ nhỏ")
    large = make_fair(standard=12, corner=4, name="Hội chợ lớn")
    _exhibit(db, small, make_producer, ["S01", "C01"])
    _exhibit(db, large, make_producer, ["S01", "S02", "S03", "S04", "S05", "S06", "C01", "C02"])
    return small, large


@pytest.mark.parametrize("page", ["", "/exhibitors"])
def test_a_fair_page_costs_the_same_with_two_or_eight_exhibitors(client, two_fairs, page):
    small, large = two_fairs
    assert "Hàng hội chợ" in client.get(f"/fairs/{large.id}/exhibitors").get_data(as_text=True)
    assert statements_for(client, f"/fairs/{large.id}{page}") == statements_for(client, f"/fairs/{small.id}{page}")


def test_the_list_of_fairs_costs_the_same_with_one_or_four_fairs(client, db, make_fair):
    make_fair(name="Hội chợ một")
    one = statements_for(client, "/fairs/")
    for n in range(3):
        make_fair(name=f"Hội chợ thêm {n}")
    assert statements_for(client, "/fairs/") == one
