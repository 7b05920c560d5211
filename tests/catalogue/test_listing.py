"""The public catalogue listing: words without accents, filters (group, province, category, certificate, OCOP,
price), their counts, and pagination; drafts and archived products never appear."""

import re

import pytest

from marketplace.catalogue import services
from tests import factories


def names_listed(client, **query) -> list[str]:
    """The product names in the listing, without the <mark> tags that highlight matched words."""
    page = client.get("/products", query_string=query).get_data(as_text=True)
    titles = re.findall(r'<h3 class="card-title"><a href="[^"]+">(.*?)</a></h3>', page)
    return [re.sub(r"</?mark>", "", title) for title in titles]


@pytest.fixture
def catalogue(db):
    """A small catalogue in three provinces, four groups, with certificates, stars and prices."""
    thanh_hoa = factories.producer(name="HTX Cói Nga Sơn", province_code="38", commit=True)
    vinh_long = factories.producer(name="HTX Kẹo dừa Mỏ Cày", province_code="86", commit=True)
    ha_noi = factories.producer(name="Xưởng cơ khí Hà Nội", province_code="01", commit=True)
    mat = factories.product(
        thanh_hoa, name="Chiếu cói in hoa", group_number=1, price_vnd=210_000, category="Cói", commit=True
    )
    candy = factories.product(
        vinh_long, name="Kẹo dừa sầu riêng", group_number=2, price_vnd=55_000, category="Bánh kẹo", commit=True
    )
    sauce = factories.product(thanh_hoa, name="Nước mắm Ba Làng", group_number=2, price_vnd=85_000, commit=True)
    machine = factories.product(ha_noi, name="Máy tuốt lúa mini", group_number=3, price_vnd=12_500_000, commit=True)
    broom = factories.product(thanh_hoa, name="Chổi chít cán mây", group_number=4, price_vnd=None, commit=True)
    services.add_certification(candy, "ocop", granted=True, stars=4)
    services.add_certification(sauce, "ocop", granted=True, stars=3)
    services.add_certification(sauce, "haccp")
    factories.product(thanh_hoa, name="Sản phẩm nháp", published=False, commit=True)
    archived = factories.product(thanh_hoa, name="Sản phẩm lưu trữ", commit=True)
    services.archive_product(archived)
    db.session.commit()
    return {"mat": mat, "candy": candy, "sauce": sauce, "machine": machine, "broom": broom}


def test_everything_published_is_listed_and_nothing_else(client, catalogue):
    listed = names_listed(client)
    assert sorted(listed) == sorted(p.name for p in catalogue.values())


@pytest.mark.parametrize("words", ["nuoc mam", "NƯỚC MẮM", "nuoc  mam ba lang", "ba lang"])
def test_words_match_without_regard_to_accents_or_case(client, catalogue, words):
    assert names_listed(client, q=words) == ["Nước mắm Ba Làng"]


def test_words_match_the_producer_and_its_place_too(client, catalogue):
    assert sorted(names_listed(client, q="nga son")) == ["Chiếu cói in hoa", "Chổi chít cán mây", "Nước mắm Ba Làng"]
    assert names_listed(client, q="keo dua") == ["Kẹo dừa sầu riêng"]  # đ/d and ừ/u alike


def test_filtering_by_group(client, catalogue):
    assert sorted(names_listed(client, group=2)) == ["Kẹo dừa sầu riêng", "Nước mắm Ba Làng"]
    assert names_listed(client, group="co khi") == ["Máy tuốt lúa mini"]


@pytest.mark.parametrize("province", ["Thanh Hóa", "thanh hoa", "Tỉnh Thanh Hóa", "38"])
def test_filtering_by_province_however_it_is_written(client, catalogue, province):
    assert sorted(names_listed(client, province=province)) == [
        "Chiếu cói in hoa",
        "Chổi chít cán mây",
        "Nước mắm Ba Làng",
    ]


def test_a_former_province_name_finds_producers_of_the_province_it_joined(client, catalogue):
    """Bến Tre became part of Vĩnh Long on 1 July 2025."""
    assert names_listed(client, province="Bến Tre") == ["Kẹo dừa sầu riêng"]


def test_filtering_by_ocop_stars_and_certificate(client, catalogue):
    assert sorted(names_listed(client, ocop_min=3)) == ["Kẹo dừa sầu riêng", "Nước mắm Ba Làng"]
    assert names_listed(client, ocop_min=4) == ["Kẹo dừa sầu riêng"]
    assert names_listed(client, cert="haccp") == ["Nước mắm Ba Làng"]
    assert names_listed(client, cert="HACCP", ocop_min=4) == []


def test_filtering_by_price_range_leaves_out_price_on_request(client, catalogue):
    assert sorted(names_listed(client, price_min="50.000", price_max="100000")) == [
        "Kẹo dừa sầu riêng",
        "Nước mắm Ba Làng",
    ]
    assert names_listed(client, price_min=1_000_000) == ["Máy tuốt lúa mini"]


def test_filtering_by_category_name_or_id(client, catalogue):
    assert names_listed(client, category="Bánh kẹo") == ["Kẹo dừa sầu riêng"]
    assert names_listed(client, category=catalogue["mat"].category_id) == ["Chiếu cói in hoa"]


def test_facet_counts_show_what_each_choice_would_give(client, catalogue):
    page = client.get("/products", query_string={"province": "38"}).get_data(as_text=True)
    group_select = page[page.index('<select id="group"') : page.index("</select>", page.index('<select id="group"'))]
    # Within Thanh Hóa: one handicraft, one food product, no machinery, one other.
    assert re.search(r'value="1">[^<]+\(1\)', group_select) and re.search(r'value="3">[^<]+\(0\)', group_select)
    province_select = page[page.index('<select id="province"') :]
    assert re.search(r'value="38" selected>Thanh Hóa \(3\)', province_select)


def test_sorting_by_price(client, catalogue):
    assert names_listed(client, sort="price_asc")[:3] == ["Kẹo dừa sầu riêng", "Nước mắm Ba Làng", "Chiếu cói in hoa"]
    assert names_listed(client, sort="price_desc")[0] == "Máy tuốt lúa mini"


@pytest.mark.parametrize(
    "query",
    [
        {"ocop_min": "many"},
        {"price_min": "lots"},
        {"page": "-3"},
        {"page": "99999999999999"},
        {"group": "9"},
        {"province": "Atlantis"},
        {"cert": "nonsense"},
        {"sort": "'; drop table products"},
        {"q": "%_\\"},
        {"category": "x" * 500},
    ],
)
def test_odd_parameters_never_break_the_listing(client, catalogue, query):
    response = client.get("/products", query_string=query)
    assert response.status_code == 200


def test_active_filters_are_shown_as_removable_chips(client, catalogue):
    page = client.get("/products", query_string={"q": "mam", "province": "38"}).get_data(as_text=True)
    chips = page[page.index('<ul class="chips"') : page.index("</ul>", page.index('<ul class="chips"'))]
    assert 'href="/products?province=38"' in chips  # removing the words keeps the province
    assert 'href="/products?q=mam"' in chips


def test_pages_of_24_with_links_to_the_next(client, db):
    producer = factories.producer(commit=True)
    for n in range(30):
        factories.product(producer, name=f"Giỏ mẫu {n:02d}")
    db.session.commit()

    first = client.get("/products?sort=price_asc").get_data(as_text=True)
    second_names = names_listed(client, sort="price_asc", page=2)

    assert len(names_listed(client, sort="price_asc")) == 24 and len(second_names) == 6
    assert 'rel="next"' in first and 'href="/products?sort=price_asc&amp;page=2"' in first
    beyond = client.get("/products?page=9").get_data(as_text=True)
    assert names_listed(client, page=9) == [] and 'href="/products"' in beyond  # a way back
