"""The fair pages people land on send the same number of SQL statements whatever the number of
exhibitors and booths they show (no N+1)."""

import pytest

from marketplace.catalogue.models import Product
from marketplace.fairs import services
from tests import factories
from tests.factories import booth, pay
from tests.sql_count import statements_for


def _exhibit(db, fair, codes):
    """A paid exhibitor in each booth of `codes`, each showing two published products at the fair."""
    for code in codes:
        user, producer = factories.producer_account(province_code=("01", "31", "79")[len(code) % 3], commit=True)
        products = []
        for k in range(2):
            product = Product(
                producer_id=producer.id,
                code=f"F{producer.id}-{k}",
                name=f"Hàng hội chợ {producer.id}.{k}",
                slug=f"hang-{producer.id}-{k}",
                group_number=1 + k,
                status="published",
            )
            db.session.add(product)
            products.append(product)
        db.session.flush()
        booking = services.hold_booth(fair, booth(fair, code), producer, user)
        services.submit_booking(booking, products, None)
        pay(booking)
    db.session.commit()


@pytest.fixture
def two_fairs(db, organiser):
    """A fair with two paid exhibitors, and one with eight, on a bigger floor."""
    small = factories.fair(organiser, standard=4, corner=2, name="Hội chợ nhỏ", commit=True)
    large = factories.fair(organiser, standard=12, corner=4, name="Hội chợ lớn", commit=True)
    _exhibit(db, small, ["S01", "C01"])
    _exhibit(db, large, ["S01", "S02", "S03", "S04", "S05", "S06", "C01", "C02"])
    return small, large


@pytest.mark.parametrize("page", ["", "/exhibitors"])
def test_a_fair_page_costs_the_same_with_two_or_eight_exhibitors(client, two_fairs, page):
    small, large = two_fairs
    assert "Hàng hội chợ" in client.get(f"/fairs/{large.id}/exhibitors").get_data(as_text=True)
    assert statements_for(client, f"/fairs/{large.id}{page}") == statements_for(client, f"/fairs/{small.id}{page}")


def test_the_list_of_fairs_costs_the_same_with_one_or_four_fairs(client, db, organiser):
    factories.fair(organiser, name="Hội chợ một", commit=True)
    one = statements_for(client, "/fairs/")
    for n in range(3):
        factories.fair(organiser, name=f"Hội chợ thêm {n}", commit=True)
    assert statements_for(client, "/fairs/") == one
