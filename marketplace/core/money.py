"""Money shared by every area: the most one invoice may ask, and the one way to read an amount of đồng
(forms, the catalogue's import, bank statements) that accepts what the site displays."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.widgets import TextInput

# Invoice amounts are 32-bit integer columns (up to 2,147,483,647 đồng); a booth costs far less.
# Fairs' forms and booth types use the same limit, so a price they accept is one an invoice can carry.
MAX_INVOICE_VND = 2_000_000_000

_CURRENCY = re.compile(r"(₫|vnđ|vnd|đồng|dong|đ)$", re.IGNORECASE)
# A whole number, plain ("1250000") or grouped by threes with one separator ("1.250.000",
# "1,250,000"), optionally followed by a zero fraction with the other separator ("1.250.000,00").
_AMOUNT = re.compile(
    r"^(?P<int>\d+|\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*)(?:(?P<dec>[.,])(?P<frac>\d{1,2}))?$"
)


class MoneyError(ValueError):
    """Text that is not a whole amount of đồng; `code` ("negative", "not_a_number", "not_whole") is stable."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_vnd(text: str | None, *, signed: bool = False) -> int | None:
    """'1.250.000', '1,250,000', '1.250.000 ₫', '1 250 000 VND', '1250000' -> 1250000; '' -> None.
    Đồng have no smaller unit: '1.250.000,50' is refused, '1.250.000,00' read. A minus sign is refused
    unless `signed` (a bank statement's debit lines)."""
    raw = (text or "").strip().replace("\u00a0", " ").replace("\u202f", " ")
    raw = _CURRENCY.sub("", raw).strip().replace(" ", "")
    if not raw:
        return None
    sign = 1
    if raw.startswith("-"):
        if not signed:
            raise MoneyError("negative")
        sign, raw = -1, raw[1:]
    match = _AMOUNT.match(raw.removeprefix("+"))
    if not match:
        raise MoneyError("not_a_number")
    dec, frac = match.group("dec"), match.group("frac")
    if dec and (dec == match.group("sep") or frac.strip("0")):
        raise MoneyError("not_whole")
    return sign * int(re.sub(r"[.,]", "", match.group("int")))


def input_vnd(amount: int | None) -> str:
    """An amount as a form shows it for editing: 1250000 -> '1.250.000' (read back by parse_vnd)."""
    return "" if amount is None else f"{amount:,}".replace(",", ".")


class MoneyField(IntegerField):
    """A form's amount of đồng: a text box (a number box would refuse '1.250.000') read by parse_vnd;
    `data` is an int, or None when left empty. Pair it with Optional/InputRequired and NumberRange."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "numeric", "autocomplete": "off", **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = parse_vnd(valuelist[0])
        except MoneyError as error:
            self.data = None
            raise ValueError(_l("Write the amount as a whole number of đồng, e.g. 1.250.000")) from error

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return input_vnd(self.data)
