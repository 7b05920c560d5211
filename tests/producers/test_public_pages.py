"""The public producer pages: a producer's profile with all its products, and the directory by province."""

import json
import re

import pytest

from marketplace.catalogue import services
from tests import factories

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in JSON_LD.findall(html)]


def test_a_producer_page_lists_all_its_published_products_and_a_contact_button(client, db, producer):
    shown = [factories.product(producer, name=f"Giỏ số {n}", commit=True) for n in range(3)]
    draft = factories.product(producer, published=False, name="Bản nháp bí mật", commit=True)
    archived = factories.product(producer, name="Hàng đã ngừng", commit=True)
    services.archive_product(archived)
    db.session.commit()

    page = client.get(f"/producers/{producer.id}").get_data(as_text=True)

    for product in shown:
        assert product.name in page
    assert draft.name not in page and archived.name not in page
    assert f'href="/inquiries/new?producer_id={producer.id}"' in page and 'id="contact"' in page


def test_contacts_are_shown_to_confirmed_accounts_only(client, db, login, make_user, producer):
    phone, email = producer.phone, producer.email

    anonymous = client.get(f"/producers/{producer.id}").get_data(as_text=True)
    assert phone not in anonymous and email not in anonymous and "/account/login?next=" in anonymous

    login(make_user("buyer", verified=False))
    unconfirmed = client.get(f"/producers/{producer.id}").get_data(as_text=True)
    assert phone not in unconfirmed and email not in unconfirmed

    login(make_user("buyer"))
    confirmed = client.get(f"/producers/{producer.id}").get_data(as_text=True)
    assert phone in confirmed and f'href="mailto:{email}"' in confirmed


def test_an_unpublished_producer_is_hidden_from_the_public_but_not_from_its_owner(client, db, login, owner, producer):
    producer.is_published = False
    db.session.commit()

    assert client.get(f"/producers/{producer.id}").status_code == 404
    login(owner)
    page = client.get(f"/producers/{producer.id}")
    assert page.status_code == 200 and 'name="robots" content="noindex"' in page.get_data(as_text=True)


def test_unknown_and_absurd_producer_ids_are_404(client, db):
    assert client.get("/producers/424242").status_code == 404
    assert client.get("/producers/99999999999999999999").status_code == 404


def test_the_page_describes_the_producer_for_search_engines_and_sharing(client, db, producer):
    producer.website = "javascript:alert(1)"
    db.session.commit()

    page = client.get(f"/producers/{producer.id}").get_data(as_text=True)

    [organization] = json_ld(page)
    assert organization["@type"] == "Organization" and organization["name"] == producer.name
    assert organization["address"]["addressRegion"] == "Thanh Hóa"
    assert "telephone" not in organization and "email" not in organization  # contacts stay private
    assert "sameAs" not in organization and "javascript:" not in page
    assert f'<meta property="og:title" content="{producer.name}">' in page
    assert f'<link rel="canonical" href="http://localhost/producers/{producer.id}">' in page


def test_the_directory_groups_producers_by_province_with_counts_and_a_map(client, db):
    for n in range(3):
        factories.product(factories.producer(name=f"Cơ sở Thanh Hóa {n}", province_code="38", commit=True), commit=True)
    factories.producer(name="Cơ sở Hà Nội", province_code="01", commit=True)

    page = client.get("/producers").get_data(as_text=True)

    assert page.index("Cơ sở Hà Nội") < page.index("Cơ sở Thanh Hóa 0")  # provinces in alphabetical order
    assert re.search(r'<h3 class="province-heading">Thanh Hóa <span class="muted">\(3\)</span>', page)
    start = page.index('<svg class="tile-map"')  # the map, not the search button's icon
    chart = page[start : page.index("</svg>", start)]
    assert "<title>Thanh Hóa: 3 cơ sở sản xuất</title>" in chart  # named for screen readers and on hover
    assert '<th scope="row"><a href="/producers?province=38">Thanh Hóa</a></th><td>3</td>' in page


@pytest.mark.parametrize("written", ["thanh hoa", "Tỉnh Thanh Hóa", "38"])
def test_the_directory_filters_by_province_however_it_is_written(client, db, written):
    factories.producer(name="Cơ sở Thanh Hóa", province_code="38", commit=True)
    factories.producer(name="Cơ sở Hà Nội", province_code="01", commit=True)

    page = client.get("/producers", query_string={"province": written}).get_data(as_text=True)

    assert "Cơ sở Thanh Hóa" in page and "Cơ sở Hà Nội" not in page.split('id="results-heading"')[1]


def test_the_directory_filters_by_type_and_craft_village(client, db):
    factories.producer(
        name="Hộ làng nghề",
        establishment_type="household",
        craft_village=True,
        craft_village_name="Làng gốm",
        commit=True,
    )
    factories.producer(name="Doanh nghiệp thường", establishment_type="enterprise", commit=True)

    households = client.get("/producers?type=household").get_data(as_text=True)
    villages = client.get("/producers?craft_village=1").get_data(as_text=True)

    assert "Hộ làng nghề" in households and "Doanh nghiệp thường" not in households
    assert "Hộ làng nghề" in villages and "Doanh nghiệp thường" not in villages


def test_the_directory_pages_through_many_producers(client, db):
    for n in range(30):
        factories.producer(name=f"Cơ sở số {n:02d}", province_code="38")
    db.session.commit()

    first = client.get("/producers").get_data(as_text=True)
    second = client.get("/producers?page=2").get_data(as_text=True)

    assert "Cơ sở số 00" in first and "Cơ sở số 29" not in first
    assert "Cơ sở số 29" in second and "Cơ sở số 00" not in second
    assert 'rel="next"' in first and client.get("/producers?page=banana").status_code == 200
