"""The table of province names since 1976 (data/former_provinces.csv): well formed, in step with the
63 of 2008–2025, the known cases right, and the resolver placing split provinces by their commune."""

import csv
import json

import pytest

from marketplace.core.text import fold
from marketplace.geography import resolver
from marketplace.geography.resolver import FORMER_FILE, former_names, provinces, resolve_place, resolve_province

with FORMER_FILE.open(encoding="utf-8", newline="") as _handle:
    ROWS = list(csv.DictReader(_handle))
TODAY = {p.code: p.name for p in provinces()}


def test_every_row_has_a_name_a_period_sources_and_only_existing_current_provinces():
    assert len(ROWS) == len(former_names()) >= 80
    for row in ROWS:
        assert row["name"] and row["period"] and row["sources"].startswith(("NQ", "NĐ")), row
        if row["code_before_2025"]:  # the 63 of 2008–2025 became today's 34 by Resolution 202/2025/QH15
            assert "NQ 202/2025/QH15" in row["sources"], row
        codes = row["today"].split()
        assert codes and all(code in TODAY for code in codes), row
        assert len(set(codes)) == len(codes), row


def test_no_name_appears_twice_however_it_is_written():
    keys = [fold(row["name"]).replace(" ", "").replace("–", "").replace("-", "") for row in ROWS]
    assert len(keys) == len(set(keys))


def test_the_63_provinces_of_2008_to_2025_agree_with_the_shipped_data():
    shipped = json.loads(resolver.DATA_FILE.read_text(encoding="utf-8"))["former_provinces"]
    table = {row["code_before_2025"]: row for row in ROWS if row["code_before_2025"]}
    assert len(table) == 63
    assert {f["code"]: f["province_code"] for f in shipped} == {code: row["today"] for code, row in table.items()}


@pytest.mark.parametrize(
    ("name", "today"),
    [
        ("Hà Tây", ["Hà Nội"]),
        ("Hải Hưng", ["Hải Phòng", "Hưng Yên"]),
        ("Nghĩa Bình", ["Quảng Ngãi", "Gia Lai"]),
        ("Bến Tre", ["Vĩnh Long"]),
        ("Hà Nam Ninh", ["Ninh Bình"]),
        ("Nghệ Tĩnh", ["Nghệ An", "Hà Tĩnh"]),
        ("Bình Trị Thiên", ["Quảng Trị", "Huế"]),
        ("Phú Khánh", ["Đắk Lắk", "Khánh Hòa"]),
        ("Thuận Hải", ["Khánh Hòa", "Lâm Đồng"]),
        ("Hà Sơn Bình", ["Hà Nội", "Phú Thọ"]),
        ("Hoàng Liên Sơn", ["Lào Cai", "Lai Châu"]),
        ("Bắc Thái", ["Thái Nguyên"]),
        ("Vĩnh Phú", ["Phú Thọ", "Hà Nội"]),
        ("Hà Bắc", ["Bắc Ninh"]),
        ("Cửu Long", ["Vĩnh Long"]),
        ("Hậu Giang", ["Cần Thơ"]),
        ("Minh Hải", ["Cà Mau"]),
        ("Sông Bé", ["Hồ Chí Minh", "Đồng Nai"]),
        ("Quảng Nam – Đà Nẵng", ["Đà Nẵng"]),
        ("Gia Lai – Kon Tum", ["Gia Lai", "Quảng Ngãi"]),
        ("Nam Hà", ["Ninh Bình"]),
        ("Hà Tuyên", ["Tuyên Quang"]),
        ("Cao Lạng", ["Cao Bằng", "Lạng Sơn"]),
        ("Thừa Thiên Huế", ["Huế"]),
    ],
)
def test_known_cases(name, today):
    row = next(r for r in ROWS if r["name"] == name)
    assert [TODAY[code] for code in row["today"].split()] == today


def test_a_split_province_lists_at_least_two_of_today_s_and_a_whole_one_exactly_one():
    split = [row for row in ROWS if len(row["today"].split()) > 1]
    assert {row["name"] for row in split} >= {"Hải Hưng", "Nghĩa Bình", "Sông Bé", "Nghệ Tĩnh", "Bình Trị Thiên"}
    assert all(len(row["today"].split()) >= 2 for row in split)


@pytest.mark.parametrize(
    ("written", "today"),
    [
        ("Hà Tây", "Hà Nội"),
        ("ha tay", "Hà Nội"),
        ("Tỉnh Hà Tây", "Hà Nội"),
        ("HÀ NAM NINH", "Ninh Bình"),
        ("Quang Nam - Da Nang", "Đà Nẵng"),
        ("Minh Hai", "Cà Mau"),
        ("Sài Gòn - Gia Định", "Hồ Chí Minh"),
    ],
)
def test_a_whole_former_province_resolves_to_today_s(written, today):
    assert resolve_province(written).name == today
    place = resolve_place(written)
    assert place.province.name == today and place.former is not None and place.candidates == ()


def test_today_s_names_win_over_a_larger_former_province_of_the_same_name():
    for name in ("Lai Châu", "Đắk Lắk", "Đồng Nai", "Hà Nội", "Cần Thơ"):
        place = resolve_place(name)
        assert place.province.name == name and place.former is None


@pytest.mark.parametrize(
    ("written", "commune", "today"),
    [
        ("Hải Hưng", "Xã Ninh Giang", "Hải Phòng"),  # the Hải Dương part
        ("hai hung", "Phường Phố Hiến", "Hưng Yên"),
        ("Nghĩa Bình", "Phường Quy Nhơn", "Gia Lai"),
        ("Vĩnh Phú", "Xã Mê Linh", "Hà Nội"),  # moved to Hà Nội in 2008
    ],
)
def test_a_split_province_is_placed_by_its_commune(written, commune, today):
    place = resolve_place(written, commune)
    assert place.province.name == today
    assert place.commune is not None and place.commune.province_code == place.province.code
    assert len(place.candidates) >= 2 and place.former.is_split


@pytest.mark.parametrize("commune", ["", "Xã Không Có Thật", None])
def test_a_split_province_without_a_commune_that_decides_is_not_placed(commune):
    place = resolve_place("Hải Hưng", commune)
    assert place.province is None
    assert [p.name for p in place.candidates] == ["Hải Phòng", "Hưng Yên"]
    assert resolve_province("Hải Hưng") is None


def test_birth_province_codes_are_the_63_three_digit_codes():
    codes = resolver.birth_province_codes()
    assert len(codes) == 63 and {"001", "002", "004", "038", "079", "096"} <= codes
    assert not {"000", "003", "005", "097"} & codes
