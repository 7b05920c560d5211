"""The public exhibitor directory: only booked (paid) booths are listed, with the products chosen for
the fair (published ones), filtered by product group, linked from the fair page, and printable as a PDF."""

import io

import pytest
from pypdf import PdfReader

from marketplace.catalogue.models import Product
from marketplace.fairs import services
from tests import factories
from tests.factories import booth, pay


def _product(db, producer, name, group=1, status="published"):
    product = Product(
        producer_id=producer.id,
        code=f"X{producer.id}{len(name)}{group}",
        name=name,
        slug=f"x-{producer.id}-{len(name)}-{group}",
        group_number=group,
        status=status,
    )
    db.session.add(product)
    db.session.flush()
    return product


@pytest.fixture
def fair_with_exhibitors(db, organiser):
    fair = factories.fair(organiser, standard=4, corner=1, commit=True)
    user_a, gom = factories.producer_account(name="HTX Gốm Chu Đậu", commit=True)
    user_b, food = factories.producer_account(name="Cơ sở Nước mắm <Cát Hải>", province_code="31", commit=True)
    user_c, pending = factories.producer_account(name="Hộ Mây tre chưa trả tiền", commit=True)
    vase, draft = _product(db, gom, "Bình gốm men lam"), _product(db, gom, "Mẫu thử")
    sauce = _product(db, food, "Nước mắm cốt", group=2)
    for user, producer, code, products in ((user_a, gom, "S02", [vase, draft]), (user_b, food, "C01", [sauce])):
        booking = services.hold_booth(fair, booth(fair, code), producer, user)
        services.submit_booking(booking, products, None)
        pay(booking)
    factories.booking(fair, "S03", pending, user_c)
    draft.status = "draft"  # taken back to a draft after it was chosen for the fair
    db.session.commit()
    return fair


def test_the_directory_lists_paid_exhibitors_by_booth_with_their_published_products(client, fair_with_exhibitors):
    fair = fair_with_exhibitors
    page = client.get(f"/fairs/{fair.id}/exhibitors").get_data(as_text=True)

    assert page.index("Cơ sở Nước mắm &lt;Cát Hải&gt;") < page.index("HTX Gốm Chu Đậu")  # C01 before S02, escaped
    assert "Bình gốm men lam" in page and "Nước mắm cốt" in page
    assert "Mẫu thử" not in page  # a draft product is not shown to the public
    assert "Hộ Mây tre chưa trả tiền" not in page  # awaiting payment: not an exhibitor yet
    assert f'href="/fairs/{fair.id}/exhibitors.pdf' in page
    assert f'href="/fairs/{fair.id}/exhibitors"' in client.get(f"/fairs/{fair.id}").get_data(as_text=True)


def test_the_directory_filters_by_product_group_and_ignores_nonsense(client, fair_with_exhibitors):
    fair = fair_with_exhibitors
    food_only = client.get(f"/fairs/{fair.id}/exhibitors?group=2").get_data(as_text=True)
    assert "Nước mắm cốt" in food_only and "HTX Gốm Chu Đậu" not in food_only
    everyone = client.get(f"/fairs/{fair.id}/exhibitors?group=x9").get_data(as_text=True)
    assert "HTX Gốm Chu Đậu" in everyone and "Nước mắm cốt" in everyone


def test_the_printable_list_is_a_pdf_in_vietnamese(client, fair_with_exhibitors):
    response = client.get(f"/fairs/{fair_with_exhibitors.id}/exhibitors.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "HTX Gốm Chu Đậu" in text and "Bình gốm men lam" in text and "S02" in text
    assert "Cát Hải" in text and "Mẫu thử" not in text and "chưa trả tiền" not in text


def test_a_draft_fairs_directory_is_hidden_from_the_public(client, organiser):
    draft = factories.fair(organiser, publish=False, commit=True)
    assert client.get(f"/fairs/{draft.id}/exhibitors").status_code == 404
    assert client.get(f"/fairs/{draft.id}/exhibitors.pdf").status_code == 404
