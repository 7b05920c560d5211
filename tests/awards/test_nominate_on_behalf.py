"""Staff nominate on a producer's behalf: a server-side picker (name, tax code, province; one page at a time),
then the product from that producer's published products."""

import re

import pytest
from sqlalchemy import select

from marketplace.awards import services_programmes as programmes
from marketplace.awards.models import Nomination
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import Product
from marketplace.producers import services as producers
from tests import factories
from tests.conftest import post_form


@pytest.fixture
def nominating(db, organiser):
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    db.session.commit()
    return programme


def _producer(organiser, name, province="38", tax_code=None, products=(("Giỏ mây", True),)):
    producer = producers.create_producer(
        {"name": name, "establishment_type": "cooperative", "province_code": province, "tax_code": tax_code},
        created_by=organiser,
    )
    for index, (product_name, published) in enumerate(products):
        product = catalogue.create_product(producer, {"code": f"P{index}", "name": product_name, "group_number": 1})
        if published:
            catalogue.publish_product(product)
    return producer


def _names(page: str) -> list[str]:
    return re.findall(r"<h3>([^<]+)</h3>", page)


def test_the_dossiers_page_offers_the_picker_not_a_number_field(client, login, organiser, nominating):
    login(organiser)

    page = client.get(f"/awards/manage/{nominating.id}/dossiers").get_data(as_text=True)

    assert f"/awards/manage/{nominating.id}/behalf" in page
    assert 'name="producer"' not in page


def test_staff_without_a_chosen_producer_are_sent_to_the_picker(client, login, organiser, nominating):
    login(organiser)

    response = client.get(f"/awards/{nominating.id}/nominate")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/awards/manage/{nominating.id}/behalf")


def test_staff_find_a_producer_by_name_without_accents_by_tax_code_or_by_province(
    client, login, db, organiser, nominating
):
    _producer(organiser, "HTX Mây tre đan Ngọc Lặc", tax_code="2800123452")
    _producer(organiser, "Hộ kinh doanh Nón lá Trường Sơn", tax_code="2800678905")
    _producer(organiser, "Làng nghề gốm Bát Tràng", province="01")
    db.session.commit()
    login(organiser)
    picker = f"/awards/manage/{nominating.id}/behalf"

    by_name = client.get(picker, query_string={"q": "may tre", "province": ""}).get_data(as_text=True)
    by_tax_code = client.get(picker, query_string={"q": "0067890", "province": ""}).get_data(as_text=True)
    by_province = client.get(picker, query_string={"q": "", "province": "01"}).get_data(as_text=True)
    first_visit = client.get(picker).get_data(as_text=True)  # the programme's own province, Thanh Hóa
    nothing = client.get(picker, query_string={"q": "không có", "province": ""}).get_data(as_text=True)

    assert _names(by_name) == ["HTX Mây tre đan Ngọc Lặc"]
    assert _names(by_tax_code) == ["Hộ kinh doanh Nón lá Trường Sơn"]
    assert _names(by_province) == ["Làng nghề gốm Bát Tràng"]
    assert "Ngoài địa bàn của đợt bình chọn" in by_province  # its products could not enter this provincial programme
    assert sorted(_names(first_visit)) == ["HTX Mây tre đan Ngọc Lặc", "Hộ kinh doanh Nón lá Trường Sơn"]
    assert _names(nothing) == []


def test_the_picker_shows_one_page_of_results_at_a_time(client, login, db, organiser, nominating):
    for n in range(23):
        _producer(organiser, f"Cơ sở mộc {n:02d}", products=())
    db.session.commit()
    login(organiser)
    picker = f"/awards/manage/{nominating.id}/behalf"

    first = client.get(picker, query_string={"q": "moc", "province": "38"}).get_data(as_text=True)
    second = client.get(picker, query_string={"q": "moc", "province": "38", "page": "2"}).get_data(as_text=True)

    assert len(_names(first)) == 20 and len(_names(second)) == 3
    assert "23" in first and "page=2" in first


def test_a_bad_search_is_explained_with_422(client, login, organiser, nominating):
    login(organiser)

    response = client.get(f"/awards/manage/{nominating.id}/behalf", query_string={"q": "", "province": "99"})

    assert response.status_code == 422
    assert "Lựa chọn không hợp lệ" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["producer", "buyer", "juror"])
def test_only_staff_use_the_picker(client, login, make_user, nominating, role):
    login(make_user(role))

    assert client.get(f"/awards/manage/{nominating.id}/behalf").status_code == 403


def test_staff_choose_among_the_producers_published_products_and_file_on_its_behalf(
    client, login, db, organiser, nominating
):
    producer = _producer(
        organiser, "HTX Mây tre đan Ngọc Lặc", products=(("Giỏ mây", True), ("Khay mây (nháp)", False))
    )
    db.session.commit()
    draft = db.session.scalar(select(Product).where(Product.producer_id == producer.id, Product.status == "draft"))
    login(organiser)
    picker = client.get(f"/awards/manage/{nominating.id}/behalf", query_string={"q": "ngoc lac", "province": ""})
    choose = re.search(r'href="([^"]*nominate\?producer=\d+)"', picker.get_data(as_text=True)).group(1)

    form = client.get(choose).get_data(as_text=True)
    assert "Giỏ mây" in form and "Khay mây (nháp)" not in form
    assert "HTX Mây tre đan Ngọc Lặc" in form
    published = re.search(r'<option value="(\d+)">Giỏ mây</option>', form).group(1)
    opened = post_form(client, choose, choose, {"product": published, "group": "1"})

    assert opened.status_code == 302
    nomination = db.session.scalars(select(Nomination)).one()
    assert nomination.producer_id == producer.id and nomination.on_behalf
    assert nomination.nominated_by_id == organiser.id
    refused = post_form(client, choose, choose, {"product": str(draft.id), "group": "1"})
    assert refused.status_code == 422


def test_a_draft_product_is_not_eligible_even_through_the_service(db, organiser, nominating):
    from marketplace.awards import services_dossiers as dossiers

    producer = _producer(organiser, "Cơ sở nháp", products=(("Nháp", False),))
    draft = db.session.scalar(select(Product).where(Product.producer_id == producer.id))

    assert "Only a product published in the catalogue can be nominated." in dossiers.eligibility_problems(
        nominating, draft, 1
    )
