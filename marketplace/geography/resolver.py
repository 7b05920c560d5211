"""Turn what people type into Vietnam's official provinces and communes (the 2025 34-unit map)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marketplace.core.text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "vietnam_2025.json"

PROVINCE_PREFIXES = {"tinh": "Tỉnh", "thanh_pho": "Thành phố"}
COMMUNE_PREFIXES = {"xa": "Xã", "phuong": "Phường", "dac_khu": "Đặc khu"}

# Leading words people put before a name, as folded tokens; the longest is tried first.
_PROVINCE_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("thanh", "pho"), "thanh_pho"),
    (("tinh",), "tinh"),
    (("tp",), "thanh_pho"),
    (("t",), "tinh"),
)
_COMMUNE_WORDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("dac", "khu"), "dac_khu"),
    (("phuong",), "phuong"),
    (("xa",), "xa"),
    (("dk",), "dac_khu"),
    (("p",), "phuong"),
    (("x",), "xa"),
)

# Everyday abbreviations and spellings that are in no official list, keyed as folded words run
# together; each points at today's province code.
PROVINCE_ALIASES = {
    "hn": "01",
    "tphn": "01",
    "hcm": "79",
    "tphcm": "79",
    "hcmc": "79",
    "saigon": "79",
    "brvt": "79",
    "baria": "79",
    "vungtau": "79",
    "tthue": "46",
    "daclac": "66",
    "daclak": "66",
    "daklac": "66",
}

_SEPARATORS = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str
    kind: str  # "tinh" or "thanh_pho"

    @property
    def full_name(self) -> str:
        return f"{PROVINCE_PREFIXES[self.kind]} {self.name}"


@dataclass(frozen=True, slots=True)
class Commune:
    code: str
    name: str
    kind: str  # "xa", "phuong" or "dac_khu"
    province_code: str

    @property
    def full_name(self) -> str:
        return f"{COMMUNE_PREFIXES[self.kind]} {self.name}"


@dataclass(frozen=True, slots=True)
class _Index:
    source: str
    provinces: dict[str, Province]
    province_keys: dict[str, str]
    former: tuple[tuple[str, Province], ...]
    former_codes: dict[str, str]
    communes: dict[str, Commune]
    communes_by_province: dict[str, tuple[Commune, ...]]
    commune_keys: dict[tuple[str, str], tuple[Commune, ...]]


def _folded_words(text: str) -> list[str]:
    return _SEPARATORS.sub(" ", fold(text)).split()


def _accented_words(text: str) -> list[str]:
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text).lower()).split()


def _key(words: list[str]) -> str:
    # Words run together, so "Bà Rịa - Vũng Tàu", "ba ria vung tau" and "BaRia-VungTau" agree.
    return "".join(words)


def _sort_key(name: str) -> tuple[str, str]:
    return fold(name), name


@cache
def _index() -> _Index:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    provinces = {p["code"]: Province(p["code"], p["name"], p["kind"]) for p in raw["provinces"]}

    former_codes = {f["code"]: f["province_code"] for f in raw["former_provinces"]}
    former = tuple(
        sorted(
            ((f["name"], provinces[f["province_code"]]) for f in raw["former_provinces"]),
            key=lambda pair: _sort_key(pair[0]),
        )
    )
    # Later entries win: former names first, so today's own names and codes have the last word.
    province_keys = {_key(_folded_words(name)): p.code for name, p in former}
    province_keys.update(PROVINCE_ALIASES)
    province_keys.update({_key(_folded_words(p.name)): p.code for p in provinces.values()})

    communes: dict[str, Commune] = {}
    by_province: dict[str, list[Commune]] = {code: [] for code in provinces}
    keys: dict[tuple[str, str], list[Commune]] = {}
    for c in raw["communes"]:
        commune = Commune(c["code"], c["name"], c["kind"], c["province_code"])
        communes[commune.code] = commune
        by_province[commune.province_code].append(commune)
        key = (commune.province_code, _key(_folded_words(commune.name)))
        keys.setdefault(key, []).append(commune)

    return _Index(
        source=raw["source"],
        provinces=provinces,
        province_keys=province_keys,
        former=former,
        former_codes=former_codes,
        communes=communes,
        communes_by_province={
            code: tuple(sorted(items, key=lambda c: _sort_key(c.name)))
            for code, items in by_province.items()
        },
        commune_keys={key: tuple(items) for key, items in keys.items()},
    )


def data_source() -> str:
    return _index().source


def provinces() -> list[Province]:
    """All 34 provinces, by name without accents."""
    return sorted(_index().provinces.values(), key=lambda p: _sort_key(p.name))


def communes_of(province_code: str) -> list[Commune]:
    """The communes of one province, by name without accents; empty for an unknown code."""
    return list(_index().communes_by_province.get(_normal_code(province_code, 2) or "", ()))


def former_provinces() -> list[tuple[str, Province]]:
    """Each of the 63 pre-2025 province names with the province it belongs to today."""
    return list(_index().former)


def province_by_code(code: str) -> Province | None:
    return _index().provinces.get(_normal_code(code, 2) or "")


def commune_by_code(code: str) -> Commune | None:
    return _index().communes.get(_normal_code(code, 5) or "")


def _normal_code(text: object, width: int) -> str | None:
    if not isinstance(text, str):
        return None
    text = text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > width:
        return None
    return text.zfill(width)


def _strip_words(
    words: list[str], prefixes: tuple[tuple[tuple[str, ...], str], ...]
) -> tuple[list[str], str | None, int]:
    """Drop one leading prefix; return the rest, the kind it names and how many words it took."""
    for prefix, kind in prefixes:
        n = len(prefix)
        if len(words) > n and tuple(words[:n]) == prefix:
            return words[n:], kind, n
    return words, None, 0


def resolve_province(text: str | None) -> Province | None:
    """Today's province for a code, a name (any accents, case or prefix) or a pre-2025 name."""
    if not isinstance(text, str) or not text.strip():
        return None
    index = _index()
    code = _normal_code(text, 2)
    if code is not None:
        # Pre-2025 codes are accepted too: every code still in use belonged to a province that is
        # now part of the unit holding it, so the two readings never disagree.
        code = code if code in index.provinces else index.former_codes.get(code)
        return index.provinces.get(code) if code else None

    words = _folded_words(text)
    # The prefix's kind is ignored: people write "Tỉnh Hà Nội" or "TP Thanh Hóa" all the same.
    stripped, _, _ = _strip_words(words, _PROVINCE_WORDS)
    for candidate in (words, stripped):
        code = index.province_keys.get(_key(candidate))
        if code is not None:
            return index.provinces[code]
    return None


def resolve_commune(province_code: str | None, text: str | None) -> Commune | None:
    """One commune of the given province, by code or by name (any accents, case or prefix).

    Where names fold alike (Đồng Tháp has "Phường Mỹ Tho" and "Xã Mỹ Thọ") the prefix or the
    accents decide; text without accents or a telling prefix gives None rather than a guess.
    """
    province = province_by_code(province_code) if isinstance(province_code, str) else None
    if province is None or not isinstance(text, str) or not text.strip():
        return None
    index = _index()
    code = _normal_code(text, 5)
    if code is not None:
        commune = index.communes.get(code)
        return commune if commune and commune.province_code == province.code else None

    words = _folded_words(text)
    stripped, kind, taken = _strip_words(words, _COMMUNE_WORDS)
    accented = _accented_words(text)
    attempts = [(words, None, accented)]
    if taken:
        attempts.append((stripped, kind, accented[taken:]))
    for candidate, wanted_kind, accented_rest in attempts:
        found = index.commune_keys.get((province.code, _key(candidate)), ())
        if wanted_kind is not None:
            found = tuple(c for c in found if c.kind == wanted_kind)
        if len(found) > 1 and not text.isascii():
            # Only accents tell apart names that fold alike. Plain ASCII carries none, so "thanh an"
            # stays ambiguous between "Thanh An" and "Thạnh An" rather than guessing.
            found = tuple(c for c in found if _accented_words(c.name) == accented_rest)
        if len(found) == 1:
            return found[0]
    return None
