"""The directory's map: every one of today's 34 provinces is a tile linking to the directory filtered
by it, named with its count, the counts are the precomputed ones, the colours are readable, and
drawing it costs the directory no SQL statement (nor one more per province)."""

import re

from marketplace.catalogue.count_reads import producer_counts
from marketplace.geography import resolver
from marketplace.producers.province_map import OUTLINE, SHADES, TILES, bands, shade_of
from tests import factories
from tests.sql_count import statements

TILE = re.compile(r'<a href="([^"]+)" class="tile[^"]*"[^>]*>\s*<title>([^<]+): (\d+) [^<]*</title>')


def tiles(page: str) -> dict[str, tuple[str, int]]:
    """province name -> (link, count) of each tile of the map."""
    start = page.index('<svg class="tile-map"')
    svg = page[start : page.index("</svg>", start)]
    return {name: (link.replace("&amp;", "&"), int(count)) for link, name, count in TILE.findall(svg)}


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_grid_places_each_of_todays_34_provinces_once():
    codes = {p.code for p in resolver.provinces()}
    assert len(codes) == 34 and set(TILES) == codes
    cells = [(column, row) for column, row, _label in TILES.values()]
    assert len(set(cells)) == 34  # no two provinces on one square
    labels = [label for _c, _r, label in TILES.values()]
    assert len(set(labels)) == 34
    row = {code: r for code, (_c, r, _l) in TILES.items()}
    assert row["15"] < row["01"] < row["46"] < row["79"] < row["96"]  # Lào Cai, Hà Nội, Huế, HCM, Cà Mau


def test_every_shade_keeps_its_text_readable_and_its_outline_visible():
    for fill, ink in SHADES:
        assert contrast(fill, ink) >= 4.5, (fill, ink)
    assert contrast(OUTLINE, "#ffffff") >= 3 and contrast(OUTLINE, "#f7f8f5") >= 3


def test_the_scale_spreads_counts_over_at_most_four_shades():
    assert bands(0) == []
    assert bands(3) == [(1, 1), (2, 2), (3, 3)]
    assert bands(10) == [(1, 3), (4, 6), (7, 9), (10, 10)]
    scale = bands(10)
    assert [shade_of(n, scale) for n in (0, 1, 3, 4, 9, 10)] == [0, 1, 1, 2, 3, 4]


def test_the_map_lists_every_province_with_the_counts_of_the_counts_table(client, db):
    for n, code in enumerate(("38", "38", "38", "01", "79", "96")):
        factories.producer(name=f"Cơ sở bản đồ {n}", province_code=code, commit=False)
    factories.producer(name="Cơ sở ẩn", province_code="01", commit=False).is_published = False
    db.session.commit()

    page = client.get("/producers").get_data(as_text=True)
    shown = tiles(page)

    assert set(shown) == {p.name for p in resolver.provinces()}
    table = producer_counts({})["province"]  # the precomputed counts (catalogue_counts)
    for province in resolver.provinces():
        assert shown[province.name][1] == table.get(province.code, 0), province.name
    assert shown["Thanh Hóa"][1] == 3 and shown["Hà Nội"][1] == 1 and shown["Cà Mau"][1] == 1
    assert shown["Huế"][1] == 0
    for province in resolver.provinces():  # the table beside the map says the same
        count = table.get(province.code, 0)
        assert (
            f'<th scope="row"><a href="/producers?province={province.code}">{province.name}</a></th><td>{count}</td>'
        ) in page


def test_a_tile_links_to_the_directory_filtered_by_its_province_keeping_other_filters(client, db):
    factories.producer(name="Hộ Thanh Hóa", province_code="38", establishment_type="household", commit=False)
    factories.producer(name="Doanh nghiệp Thanh Hóa", province_code="38", establishment_type="enterprise", commit=False)
    factories.producer(name="Hộ Cà Mau", province_code="96", establishment_type="household", commit=False)
    db.session.commit()

    shown = tiles(client.get("/producers?type=household").get_data(as_text=True))
    link, count = shown["Thanh Hóa"]
    assert link == "/producers?province=38&type=household" and count == 1  # the map follows the type filter

    page = client.get(link).get_data(as_text=True)
    results = page.split('id="results-heading"')[1]
    assert "Hộ Thanh Hóa" in results and "Doanh nghiệp Thanh Hóa" not in results and "Hộ Cà Mau" not in results
    assert 'class="tile selected"' in page and page.count('aria-current="true"') == 2  # tile and table row


def _directory_statements(client) -> list[str]:
    client.get("/producers")  # the counts of the latest refresh are loaded once per process
    with statements() as seen:
        assert client.get("/producers").status_code == 200
    return seen


def test_the_map_costs_the_directory_no_statement_per_province(client, db):
    for n in range(6):
        factories.producer(province_code=("01", "38")[n % 2], commit=False)
    db.session.commit()
    few = _directory_statements(client)

    for code in ("04", "12", "22", "46", "56", "68", "79", "91", "96", "80"):
        factories.producer(province_code=code, commit=False)
    db.session.commit()
    many = _directory_statements(client)

    assert len(many) == len(few)
    scans = [s for s in many if "GROUP BY" in s.upper() and "producers" in s]
    assert scans == []  # no per-request aggregate over the producers table
