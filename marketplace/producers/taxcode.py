"""Vietnamese tax codes (mã số thuế): 10 digits with a check digit, optionally a "-NNN" branch."""

import re

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_PATTERN = re.compile(r"^([0-9]{10})(?:-?([0-9]{3}))?$")  # ASCII digits only: \d would also take "０"


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine; None when no digit can be valid (remainder 0)."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
    check = 10 - remainder
    return None if check == 10 else check


def normalise_tax_code(raw: str | None) -> str | None:
    """'0101 243 150-001' -> '0101243150-001'; None when the text is not a valid tax code."""
    if raw is None:
        return None
    compact = re.sub(r"[\s.]", "", str(raw))
    match = _PATTERN.match(compact)
    if not match:
        return None
    main, branch = match.groups()
    if check_digit(main[:9]) != int(main[9]):
        return None
    if branch == "000":
        return None  # branches are numbered from 001
    return f"{main}-{branch}" if branch else main


def is_valid_tax_code(raw: str | None) -> bool:
    return normalise_tax_code(raw) is not None
