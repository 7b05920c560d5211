"""Turn what people type into Vietnam's official provinces and communes (the 2025 34-unit map)."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from marketplace.core.text import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "vietnam_2025.json"
# Every province-level name used since 1976 and where its land lies today; sources in SOURCES.md.
FORMER_FILE = Path(__file__).resolve().parent / "data" / "former_provinces.csv"

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
class FormerProvince:
    """A province-level name no longer in use (or in use with other borders), from the table."""

    name: str
    period: str
    code_before_2025: str  # the 63 provinces of 2008–2025 only; "" for older names
    today: tuple[str, ...]  # today's province codes its land lies in: two or more when it was split
    sources: str
    note: str

    @property
    def is_split(self) -> bool:
        return len(self.today) > 1


@dataclass(frozen=True, slots=True)
class Place:
    """What a province cell (and the commune beside it) says: today's province, or why not.

    `former` is set when the text named a former province; `candidates` lists today's provinces
    a split former province lies in. `province` is None when the text is unknown, or names a
    split province that the commune could not place in exactly one of the candidates."""

    province: Province | None
    commune: Commune | None = None
    former: FormerProvince | None = None
    candidates: tuple[Province, ...] = ()


@dataclass(frozen=True, slots=True)
class _Index:
    source: str
    provinces: dict[str, Province]
    province_keys: dict[str, str]
    former: tuple[tuple[str, Province], ...]
    former_codes: dict[str, str]
    former_keys: dict[str, FormerProvince]
    former_table: tuple[FormerProvince, ...]
    communes: dict[str, Commune]
    communes_by_province: dict[str, tuple[Commune, ...]]
    commune_keys: dict[tuple[str, str], tuple[Commune, ...]]
    # (province text, commune text) -> Place, as answered from this index: a list of 100,000 rows
    # names the same few thousand places again and again (kept with the index, so gone with it).
    places: dict[tuple[str, str], Place]


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

    table = _former_table(provinces)
    before_2025 = [f for f in table if f.code_before_2025]
    former_codes = {f.code_before_2025: f.today[0] for f in before_2025}
    former = tuple(sorted(((f.name, provinces[f.today[0]]) for f in before_2025), key=lambda pair: _sort_key(pair[0])))
    province_keys = dict(PROVINCE_ALIASES)
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
        # Today's own names win: "Lai Châu" is today's Lai Châu, not the larger one of 1976–2003.
        former_keys={key: f for f in table if (key := _key(_folded_words(f.name))) not in province_keys},
        former_table=tuple(table),
        communes=communes,
        communes_by_province={
            code: tuple(sorted(items, key=lambda c: _sort_key(c.name))) for code, items in by_province.items()
        },
        commune_keys={key: tuple(items) for key, items in keys.items()},
        places={},
    )


def _former_table(provinces: dict[str, Province]) -> list[FormerProvince]:
    with FORMER_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    table = [
        FormerProvince(
            r["name"], r["period"], r["code_before_2025"], tuple(r["today"].split()), r["sources"], r["note"]
        )
        for r in rows
    ]
    unknown = {code for f in table for code in f.today if code not in provinces}
    if unknown:  # a typo in the table must not pass silently as "unknown province" on every row
        raise ValueError(f"{FORMER_FILE.name} names provinces that do not exist today: {sorted(unknown)}")
    return table


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


def former_names() -> list[FormerProvince]:
    """The whole table: every province-level name used since 1976 (today's own names included)."""
    return list(_index().former_table)


def birth_province_codes() -> frozenset[str]:
    """The 63 province codes of 2008–2025, three digits, as the personal identification number uses them."""
    return frozenset(code.zfill(3) for code in _index().former_codes)


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

    found = _province_or_former(text)
    if isinstance(found, FormerProvince):
        return index.provinces[found.today[0]] if not found.is_split else None
    return found


def _province_or_former(text: str) -> Province | FormerProvince | None:
    index = _index()
    words = _folded_words(text)
    # The prefix's kind is ignored: people write "Tỉnh Hà Nội" or "TP Thanh Hóa" all the same.
    stripped, _, _ = _strip_words(words, _PROVINCE_WORDS)
    keys = [_key(candidate) for candidate in (words, stripped)]
    for key in keys:
        code = index.province_keys.get(key)
        if code is not None:
            return index.provinces[code]
    return next((index.former_keys[key] for key in keys if key in index.former_keys), None)


def resolve_place(province_text: str | None, commune_text: str | None = None) -> Place:
    """Today's province (and commune) for a province cell of any period since 1976.

    A former province wholly inside one of today's gives that province. One split between
    several of today's is placed by the commune, when exactly one of them has a commune of
    that name; otherwise `province` is None and `candidates` names them.
    """
    if not isinstance(province_text, str) or not province_text.strip():
        return Place(None)
    commune_text = commune_text.strip() if isinstance(commune_text, str) else ""
    places = _index().places
    place = places.get((province_text, commune_text))
    if place is None:
        if len(places) >= PLACES_REMEMBERED:
            places.clear()
        place = places[(province_text, commune_text)] = _resolve_place(province_text, commune_text)
    return place


PLACES_REMEMBERED = 20_000


def _resolve_place(province_text: str, commune_text: str) -> Place:
    code = _normal_code(province_text, 2)
    found = resolve_province(province_text) if code is not None else _province_or_former(province_text)
    if isinstance(found, Province):
        return Place(found, resolve_commune(found.code, commune_text) if commune_text else None)
    if found is None:
        return Place(None)
    index = _index()
    candidates = tuple(index.provinces[code] for code in found.today)
    if not found.is_split:
        province = candidates[0]
        return Place(province, resolve_commune(province.code, commune_text) if commune_text else None, found)
    matches = [c for p in candidates if commune_text and (c := resolve_commune(p.code, commune_text))]
    if len(matches) == 1:
        return Place(index.provinces[matches[0].province_code], matches[0], found, candidates)
    return Place(None, None, found, candidates)


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
