"""The shipped 2025 geography and the resolver, checked without a database or an app."""

import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from marketplace.core.text import fold, slugify
from marketplace.geography import resolver
from marketplace.geography.resolver import (
    Commune,
    Province,
    commune_by_code,
    communes_of,
    former_provinces,
    provinces,
    resolve_commune,
    resolve_province,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = json.loads(resolver.DATA_FILE.read_text(encoding="utf-8"))

# Resolution 202/2025/QH15, written out by hand so that a wrong data file fails: today's
# province, then every pre-2025 province that forms it.
RESOLUTION_202 = {
    "Hà Nội": ["Hà Nội"],
    "Huế": ["Thừa Thiên Huế"],
    "Lai Châu": ["Lai Châu"],
    "Điện Biên": ["Điện Biên"],
    "Sơn La": ["Sơn La"],
    "Lạng Sơn": ["Lạng Sơn"],
    "Quảng Ninh": ["Quảng Ninh"],
    "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"],
    "Hà Tĩnh": ["Hà Tĩnh"],
    "Cao Bằng": ["Cao Bằng"],
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "Hồ Chí Minh": ["Hồ Chí Minh", "Bình Dương", "Bà Rịa–Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}
KNOWN_MERGERS = [(old, new) for new, olds in RESOLUTION_202.items() for old in olds]
CITIES = {"Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}


def _name_key(name: str) -> str:
    return "".join(ch for ch in fold(name) if ch.isalnum())


def test_counts_match_resolution_202():
    assert len(provinces()) == 34
    assert sum(len(communes_of(p.code)) for p in provinces()) == 3321
    assert len(DATA["communes"]) == 3321
    assert len(former_provinces()) == 63
    assert Counter(p.kind for p in provinces()) == {"tinh": 28, "thanh_pho": 6}
    assert {p.name for p in provinces() if p.kind == "thanh_pho"} == CITIES
    kinds = Counter(c["kind"] for c in DATA["communes"])
    assert kinds == {"xa": 2621, "phuong": 687, "dac_khu": 13}


def test_codes_are_well_formed_and_unique():
    assert len({p["code"] for p in DATA["provinces"]}) == 34
    assert len({c["code"] for c in DATA["communes"]}) == 3321
    assert all(len(p["code"]) == 2 and p["code"].isdigit() for p in DATA["provinces"])
    assert all(len(c["code"]) == 5 and c["code"].isdigit() for c in DATA["communes"])


def test_thanh_hoa_is_38_and_unmerged():
    thanh_hoa = resolve_province("Thanh Hóa")
    assert thanh_hoa == Province("38", "Thanh Hóa", "tinh")
    assert thanh_hoa.full_name == "Tỉnh Thanh Hóa"
    assert [name for name, p in former_provinces() if p == thanh_hoa] == ["Thanh Hóa"]


def test_hand_table_covers_the_data_file():
    assert len(KNOWN_MERGERS) == 63
    assert sorted(_name_key(old) for old, _ in KNOWN_MERGERS) == sorted(
        _name_key(f["name"]) for f in DATA["former_provinces"]
    )
    assert sorted(RESOLUTION_202) == sorted(p.name for p in provinces())


@pytest.mark.parametrize(("old", "new"), KNOWN_MERGERS)
def test_known_mergers(old, new):
    assert resolve_province(old).name == new
    assert resolve_province(fold(old)).name == new
    # The data file itself must agree, not just the resolver.
    entry = next(f for f in DATA["former_provinces"] if _name_key(f["name"]) == _name_key(old))
    assert resolver.province_by_code(entry["province_code"]).name == new


@pytest.mark.parametrize("entry", DATA["former_provinces"], ids=lambda f: f["code"])
def test_every_former_province_resolves(entry):
    today = resolver.province_by_code(entry["province_code"])
    name = entry["name"]
    for text in (
        name,
        fold(name),
        name.upper(),
        fold(name).upper(),
        f"Tỉnh {name}",
        f"Thành phố {name}",
        f"tinh {fold(name)}",
        f"TP. {name}",
        f"  {name}  ",
    ):
        assert resolve_province(text) == today, text
    # An old code still finds today's province.
    assert resolve_province(entry["code"]) == today


def test_codes_kept_by_a_merged_province_belonged_to_one_of_its_parts():
    # Why resolving an old code is safe: no code now names a province it was not part of.
    for f in DATA["former_provinces"]:
        if resolver.province_by_code(f["code"]) is not None:
            assert f["province_code"] == f["code"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("38", "38"),
        ("1", "01"),
        ("01", "01"),
        (" 79 ", "79"),
        ("thanh hoa", "38"),
        ("THANH HOÁ", "38"),
        ("Tỉnh Thanh Hóa", "38"),
        ("TP. Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("ho chi minh", "79"),
        ("HCM", "79"),
        ("tp hcm", "79"),
        ("TP.HCM", "79"),
        ("TPHCM", "79"),
        ("Sài Gòn", "79"),
        ("HN", "01"),
        ("Hà Nội", "01"),
        ("Bến Tre", "86"),
        ("ben tre", "86"),
        ("Kien Giang", "91"),
        ("Bà Rịa - Vũng Tàu", "79"),
        ("Ba Ria Vung Tau", "79"),
        ("Thừa Thiên - Huế", "46"),
        ("Hue", "46"),
        ("Đắk Lắk", "66"),
        ("dak lak", "66"),
        ("83", "86"),
    ],
)
def test_resolve_province(text, code):
    assert resolve_province(text).code == code


@pytest.mark.parametrize("text", ["", "   ", "Atlantis", "Tỉnh", "99", "100", "Hà", "Quận 1", None])
def test_unknown_province_is_none(text):
    assert resolve_province(text) is None


def test_provinces_sorted_by_folded_name():
    names = [p.name for p in provinces()]
    assert names == sorted(names, key=fold)
    assert names[0] == "An Giang"


def test_resolve_commune_with_and_without_accents_and_prefixes():
    ba_dinh = Commune("00004", "Ba Đình", "phuong", "01")
    for text in ("Ba Đình", "ba dinh", "BA ĐÌNH", "Phường Ba Đình", "phuong ba dinh", "P. Ba Đình"):
        assert resolve_commune("01", text) == ba_dinh, text
    assert resolve_commune("1", "ba dinh") == ba_dinh
    assert resolve_commune("01", "00004") == ba_dinh
    assert resolve_commune("01", "4") == ba_dinh
    assert ba_dinh.full_name == "Phường Ba Đình"

    phu_quoc = resolve_commune("91", "Đặc khu Phú Quốc")
    assert phu_quoc is not None and phu_quoc.kind == "dac_khu"
    assert resolve_commune("91", "phu quoc") == phu_quoc
    assert resolve_commune("91", "Xã Phú Quốc") is None  # wrong kind
    assert resolve_commune("42", "X. Sơn Kim 1").name == "Sơn Kim 1"


def test_commune_only_matches_its_province():
    assert resolve_commune("79", "Ba Đình") is None
    assert resolve_commune("79", "00004") is None
    assert resolve_commune("99", "Ba Đình") is None
    assert resolve_commune(None, "Ba Đình") is None


def test_names_that_fold_alike_need_accents_or_prefix():
    # Đồng Tháp has both "Phường Mỹ Tho" and "Xã Mỹ Thọ".
    assert resolve_commune("82", "my tho") is None
    assert resolve_commune("82", "Mỹ Tho").kind == "phuong"
    assert resolve_commune("82", "Mỹ Thọ").kind == "xa"
    assert resolve_commune("82", "phuong my tho").name == "Mỹ Tho"
    assert resolve_commune("82", "xa my tho").name == "Mỹ Thọ"


@pytest.mark.parametrize("text", ["", "Atlantis", "Phường", "Xã Không Có", "99999", None])
def test_unknown_commune_is_none(text):
    assert resolve_commune("01", text) is None


def test_every_commune_resolves_by_full_name_and_code():
    for province in provinces():
        for commune in communes_of(province.code):
            assert resolve_commune(province.code, commune.full_name) == commune
            assert resolve_commune(province.code, commune.code) == commune
            assert commune_by_code(commune.code) == commune


def test_communes_of_unknown_province_is_empty():
    assert communes_of("99") == []
    assert communes_of("1") == communes_of("01") != []


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đà Nẵng", "da nang"),
        ("đường ĐỒNG", "duong dong"),
        ("hòa", "hoa"),
        ("hóa", "hoa"),
        ("hoà", "hoa"),
        ("Thanh  Hóa\t ", "thanh hoa"),
        ("Thanh Ho\u0301a", "thanh hoa"),  # decomposed input
        ("NGHỆ AN", "nghe an"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_slugify():
    assert slugify("Làng nghề Bát Tràng!") == "lang-nghe-bat-trang"
    assert slugify("  Đồ gỗ — Đồng Kỵ  ") == "do-go-dong-ky"
    assert slugify("!!!") == ""


def test_runtime_does_not_need_the_source_package():
    code = (
        "import sys; sys.modules['vietnamadminunits'] = None\n"
        "from marketplace.geography.resolver import resolve_province\n"
        "assert resolve_province('Bến Tre').code == '86'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


@pytest.mark.skipif(
    importlib.util.find_spec("vietnamadminunits") is None,
    reason="vietnamadminunits is a build-time tool and is not installed",
)
def test_data_file_is_what_the_build_script_makes():
    script = ROOT / "scripts" / "build_geography.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_place_named_again_is_answered_from_memory_with_the_same_answer(monkeypatch):
    """An import names the same few thousand places on 100,000 rows: each is resolved once."""
    monkeypatch.setattr(resolver, "PLACES_REMEMBERED", 2)
    resolver._index().places.clear()

    first = resolver.resolve_place("Hà Tây", "Xã Phú Nghĩa")
    again = resolver.resolve_place("Hà Tây", "Xã Phú Nghĩa")

    assert again is first and again == resolver._resolve_place("Hà Tây", "Xã Phú Nghĩa")
    assert first.province is not None and first.former is not None
    resolver.resolve_place("Hải Hưng", "")
    resolver.resolve_place("Thanh Hóa", "")
    assert len(resolver._index().places) <= 2  # bounded: a list of made-up names cannot grow it forever
