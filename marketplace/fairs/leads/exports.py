"""An exhibitor's leads at a fair as CSV (UTF-8 with a BOM, so Excel reads Vietnamese) and XLSX.
A withdrawn lead keeps its row for the counts, with nothing that names the buyer."""

import csv
import io

from flask import url_for
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from marketplace.core.i18n import format_datetime
from marketplace.fairs.exports import FORMULA_STARTS
from marketplace.fairs.leads.models import Lead


def columns() -> list[str]:
    return [
        _("Scanned at"),
        _("Status"),
        _("Buyer"),
        _("Email"),
        _("Products asked about"),
        _("Stars"),
        _("Note"),
        _("Scans"),
        _("Scanned by"),
        _("Conversation"),
    ]


def _row(lead: Lead) -> list:
    products = "; ".join(p.name for p in lead.products)
    common = [format_datetime(lead.scanned_at), _("Withdrawn by the buyer") if lead.is_withdrawn else _("Shared")]
    if lead.is_withdrawn:
        person = ["", "", products, lead.rating or "", "", lead.scans, _staff(lead), ""]
    else:
        thread = url_for("inquiries.thread", inquiry_id=lead.inquiry_id, _external=True) if lead.inquiry_id else ""
        person = [
            lead.buyer.display_name,
            lead.buyer.email,
            products,
            lead.rating or "",
            lead.note or "",
            lead.scans,
            _staff(lead),
            thread,
        ]
    return common + person


def _staff(lead: Lead) -> str:
    return lead.scanned_by.display_name if lead.scanned_by is not None else ""


def _text(value):
    """What a buyer or a staff member typed never runs as a spreadsheet formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def leads_csv(leads: list[Lead]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns())
    for lead in leads:
        writer.writerow([_text(value) for value in _row(lead)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def leads_xlsx(leads: list[Lead], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Leads")[:31]
    heading = columns()
    sheet.append(heading)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for lead in leads:
        sheet.append(_row(lead))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text stays text: a leading "=" is never a formula
    for index, name in enumerate(heading, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(48, len(name) + 4))
    sheet.freeze_panes = "A2"
    book.properties.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
