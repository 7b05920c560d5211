"""Parsers for single import cells: amounts, stars, establishment types, certificates, emails."""

import re
from functools import lru_cache

from email_validator import EmailNotValidError, validate_email

from marketplace.core.money import MoneyError, parse_vnd
from marketplace.core.text import fold
from marketplace.producers.models import COOPERATIVE, COOPERATIVE_GROUP, ENTERPRISE, HOUSEHOLD


class CellError(ValueError):
    """A cell cannot be read; `code` is stable for tests and scripts."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_amount(raw: str) -> int | None:
    """An amount cell, read as every form reads money (core.money.parse_vnd); errors as CellError."""
    try:
        return parse_vnd(raw)
    except MoneyError as error:
        raise CellError(error.code) from None


# What organisers write instead of a price when it is agreed case by case.
_ON_REQUEST = {
    "lienhe",
    "lhe",
    "thoathuan",
    "lienhebaogia",
    "baogia",
    "onrequest",
    "priceonrequest",
    "contact",
    "contactus",
    "negotiable",
}


def is_price_on_request(raw: str) -> bool:
    """'Liên hệ', 'Thỏa thuận', 'Price on request': the price is given on request (stored as None)."""
    return _squash(raw) in _ON_REQUEST


_STARS = re.compile(r"^(\d+)\s*(sao|stars?|\*|★)?$")


def parse_stars(raw: str) -> int:
    """OCOP stars: '', '0'..'5', '4 sao', '4*'; anything else raises CellError."""
    text = fold(raw)
    if not text:
        return 0
    match = _STARS.match(text)
    if not match:
        raise CellError("not_a_number")
    stars = int(match.group(1))
    if stars > 5:
        raise CellError("out_of_range")
    return stars


# Folded words, run together without spaces, for each establishment type.
_TYPES = {
    "household": HOUSEHOLD,
    "hokinhdoanh": HOUSEHOLD,
    "hogiadinh": HOUSEHOLD,
    "hkd": HOUSEHOLD,
    "ho": HOUSEHOLD,
    "hosanxuat": HOUSEHOLD,
    "coso": HOUSEHOLD,
    "cososanxuat": HOUSEHOLD,
    "cooperative": COOPERATIVE,
    "hoptacxa": COOPERATIVE,
    "htx": COOPERATIVE,
    "cooperativegroup": COOPERATIVE_GROUP,
    "tohoptac": COOPERATIVE_GROUP,
    "tht": COOPERATIVE_GROUP,
    "enterprise": ENTERPRISE,
    "doanhnghiep": ENTERPRISE,
    "congty": ENTERPRISE,
    "cty": ENTERPRISE,
    "dn": ENTERPRISE,
    "company": ENTERPRISE,
    "doanhnghieptunhan": ENTERPRISE,
    "dntn": ENTERPRISE,
}
# What a producer's own name begins with says its type when the type column is empty.
_NAME_PREFIXES = (
    ("hop tac xa", COOPERATIVE),
    ("htx", COOPERATIVE),
    ("to hop tac", COOPERATIVE_GROUP),
    ("cong ty", ENTERPRISE),
    ("cty", ENTERPRISE),
    ("doanh nghiep", ENTERPRISE),
    ("dntn", ENTERPRISE),
)


@lru_cache(maxsize=65536)  # a list repeats each producer's cells on every one of its rows
def _squash(text: str) -> str:
    return _NOT_ALNUM.sub("", fold(text))


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def parse_establishment_type(raw: str) -> str | None:
    """'HTX', 'Hợp tác xã', 'cooperative' -> 'cooperative'; '' -> None; unknown raises CellError."""
    key = _squash(raw)
    if not key:
        return None
    if key in _TYPES:
        return _TYPES[key]
    # "Công ty TNHH", "Công ty cổ phần", "Hộ kinh doanh cá thể": the leading words decide.
    for prefix, kind in sorted(_TYPES.items(), key=lambda item: -len(item[0])):
        if len(prefix) >= 5 and key.startswith(prefix):
            return kind
    raise CellError("unknown")


def guess_type_from_name(name: str) -> str:
    folded = fold(name)
    for prefix, kind in _NAME_PREFIXES:
        if folded.startswith(prefix + " "):
            return kind
    return HOUSEHOLD


_CERTIFICATES = {
    "vietgap": "vietgap",
    "haccp": "haccp",
    "iso22000": "iso22000",
    "attp": "food_safety",
    "antoanthucpham": "food_safety",
    "foodsafety": "food_safety",
    "vsattp": "food_safety",
    "vesinhantoanthucpham": "food_safety",
    "cosodudieukienantoanthucpham": "food_safety",
    "tucongbo": "self_declaration",
    "tucongbosanpham": "self_declaration",
    "selfdeclaration": "self_declaration",
}


def parse_certifications(raw: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """'VietGAP; ISO 22000:2018; ATTP' -> (kinds in order, names not recognised)."""
    kinds: list[str] = []
    unknown: list[str] = []
    for part in re.split(r"[;\n]", raw):
        name = part.strip()
        if not name:
            continue
        key = _squash(name)
        if key.startswith("iso22000"):
            key = "iso22000"  # "ISO 22000:2018" names the edition, not another certificate
        kind = _CERTIFICATES.get(key) or _CERTIFICATES.get(key.removeprefix("chungnhan"))
        if kind is None:
            unknown.append(name)
        elif kind not in kinds:
            kinds.append(kind)
    return tuple(kinds), tuple(unknown)


@lru_cache(maxsize=8192)
def normalise_email(raw: str) -> str:
    """The address in lower case; raises CellError when it is not an email address."""
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as error:
        raise CellError("invalid") from error
    return result.normalized.lower()


def squash(text: str) -> str:
    """Accent-, case- and punctuation-free text for telling whether two cells say the same."""
    return _squash(text)
