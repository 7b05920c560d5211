"""The exhibitors list as CSV (UTF-8 with a BOM, so Excel reads Vietnamese) and as XLSX (openpyxl)."""

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from marketplace.fairs.labels import BOOKING_STATUS_LABELS
from marketplace.fairs.reports import ExhibitorRow

MONEY_FORMAT = '#,##0 "₫"'
# A cell starting with one of these is a formula to a spreadsheet: a producer's name such as
# "=HYPERLINK(...)" must stay text (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns() -> list[tuple[str, str]]:
    """(attribute, heading) in the order of the file, headings in the reader's language."""
    return [
        ("reference", _("Reference")),
        ("status", _("Status")),
        ("producer", _("Producer")),
        ("tax_code", _("Tax code")),
        ("province", _("Province")),
        ("booth", _("Booth")),
        ("hall", _("Hall")),
        ("booth_type", _("Booth type")),
        ("products", _("Products shown")),
        ("representative", _("Representative")),
        ("phone", _("Phone")),
        ("email", _("Email")),
        ("list_price_vnd", _("List price (VND)")),
        ("subsidy_vnd", _("Subsidy (VND)")),
        ("amount_vnd", _("Producer pays (VND)")),
    ]


def _text(value) -> str:
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _value(row: ExhibitorRow, name: str):
    value = getattr(row, name)
    if name == "status":
        return str(BOOKING_STATUS_LABELS.get(value, value))
    return value


def exhibitors_csv(rows: list[ExhibitorRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    cols = columns()
    writer.writerow([heading for _name, heading in cols])
    for row in rows:
        writer.writerow(
            [
                value if isinstance(value, int) else _text(value)
                for value in (_value(row, name) for name, _heading in cols)
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def exhibitors_xlsx(rows: list[ExhibitorRow], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Exhibitors")[:31]
    cols = columns()
    sheet.append([heading for _name, heading in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_value(row, name) for name, _heading in cols])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: a leading "=" is never a formula, a tax code keeps its zeros
            elif isinstance(cell.value, int):
                cell.number_format = MONEY_FORMAT
    for index, (name, heading) in enumerate(cols, start=1):
        longest = max([len(heading), *(len(str(getattr(r, name))) for r in rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(48, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
