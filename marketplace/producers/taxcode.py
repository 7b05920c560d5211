"""Tax codes (mã số thuế): the 10-digit code of organisations, and the personal number of households.

The rule, and where it comes from:

- Enterprises, cooperatives and cooperative groups keep the 10-digit tax code. Its 10th digit is a
  check digit (weights 31, 29, 23, 19, 17, 13, 7, 5, 3 on the first nine; check = 10 − sum mod 11;
  no valid code when that is 10); a branch adds "-NNN" from 001. Spaces and dots are ignored.
- Since 1 July 2025, households, household businesses and individuals have no tax code of their
  own: the 12-digit personal identification number (số định danh cá nhân) of the person who
  represents them is their tax code (Circular 86/2024/TT-BTC on tax registration). Their
  old 10-digit codes are still accepted, since centres' lists still carry them.
- The personal number's structure (Decree 137/2015/NĐ-CP, Art. 13; Circular 59/2021/TT-BCA
  and its list of province codes): 12 ASCII digits; the first three the code of the province where the birth was
  registered, from the 63 provinces of 2008–2025 (001 Hà Nội … 096 Cà Mau; not every number in
  001–096 is used); the fourth the century and sex (0/1 born 1900–1999 male/female, 2/3 2000–2099,
  4–9 the 22nd to 24th centuries); the fifth and sixth the last two digits of the year of birth;
  the last six a random number. We accept only what a living person can hold: century digits
  0–3 and a year of birth no later than this year. There is no check digit to verify.

A personal number is personal data: staff and the profile's members see it; public pages, the
public API and the search index never hold it (see producers.queries and search.documents).
"""

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from marketplace.geography.resolver import birth_province_codes

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_PATTERN = re.compile(r"^([0-9]{10})(?:-?([0-9]{3}))?$")  # ASCII digits only: \d would also take "０"
_PERSONAL = re.compile(r"^[0-9]{12}$")
# The establishment types whose tax code may be the representative's personal number.
PERSONAL_NUMBER_TYPES = ("household",)
OLDEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class TaxCode:
    value: str  # the stored form: "0101243150", "0101243150-001" or "038085012345"
    personal: bool  # a 12-digit personal identification number


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine; None when no digit can be valid (remainder 0)."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
    check = 10 - remainder
    return None if check == 10 else check


def _compact(raw: object) -> str:
    return re.sub(r"[\s.]", "", str(raw))


def _organisation_code(compact: str) -> str | None:
    match = _PATTERN.match(compact)
    if not match:
        return None
    main, branch = match.groups()
    if check_digit(main[:9]) != int(main[9]):
        return None
    if branch == "000":
        return None  # branches are numbered from 001
    return f"{main}-{branch}" if branch else main


def is_personal_number(raw: str | None, today: date | None = None) -> bool:
    """Whether the text is a 12-digit personal identification number a living person can hold."""
    if raw is None:
        return False
    compact = _compact(raw)
    if not _PERSONAL.match(compact) or compact[:3] not in birth_province_codes():
        return False
    century = int(compact[3])
    if century > 3:  # born in 2100 or later
        return False
    year = 1900 + 100 * (century // 2) + int(compact[4:6])
    return OLDEST_BIRTH_YEAR <= year <= (today or date.today()).year


def parse_tax_code(raw: str | None) -> TaxCode | None:
    """The stored form of a 10-digit code (with its branch) or a personal number; None otherwise."""
    if raw is None:
        return None
    compact = _compact(raw)
    if len(compact) == 12 and compact.isdigit() and "-" not in compact:
        return TaxCode(compact, True) if is_personal_number(compact) else None
    code = _organisation_code(compact)
    return TaxCode(code, False) if code else None


def normalise_tax_code(raw: str | None, establishment_type: str | None = None) -> str | None:
    """'0101 243 150-001' -> '0101243150-001'; '038 085 012 345' -> '038085012345' for a household
    (or when the type is not known yet); None when the text is not a tax code this type can have."""
    parsed = parse_tax_code(raw)
    if parsed is None:
        return None
    if parsed.personal and establishment_type not in (None, *PERSONAL_NUMBER_TYPES):
        return None
    return parsed.value


def is_valid_tax_code(raw: str | None, establishment_type: str | None = None) -> bool:
    return normalise_tax_code(raw, establishment_type) is not None


def tax_code_problem(raw: str | None, establishment_type: str | None = None):
    """Why the text is not a tax code this type of establishment can have (a lazy message), or None."""
    parsed = parse_tax_code(raw)
    if parsed is not None and parsed.personal and establishment_type not in (None, *PERSONAL_NUMBER_TYPES):
        return PERSONAL_NOT_ALLOWED
    return None if parsed is not None else INVALID


INVALID = _l(
    "This is not a valid tax code: 10 digits whose last one is a check digit, optionally followed by "
    "-NNN for a branch, or, for a household business, the representative's 12-digit personal "
    "identification number."
)
PERSONAL_NOT_ALLOWED = _l(
    "A 12-digit personal identification number is the tax code of household businesses "
    "only; an enterprise, cooperative or cooperative group has a 10-digit tax code."
)
