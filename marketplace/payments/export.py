"""The accountant's export (XLSX): one sheet of invoices with the subsidy split and what was paid,
one sheet of every ledger entry. A real e-invoice (hóa đơn điện tử) is issued elsewhere from this."""

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from marketplace.core.i18n import format_date
from marketplace.payments import queries
from marketplace.payments.models import Invoice


def _sheet(workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for index, heading in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(heading) + 4))


def _safe(value):
    """A spreadsheet must not run what a payer typed: text starting like a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def invoices_workbook(invoices: list[Invoice]) -> bytes:
    standings = queries.standings_for(invoices)
    invoice_rows = []
    for invoice in invoices:
        s = standings[invoice.id]
        invoice_rows.append(
            [
                invoice.reference,
                format_date(invoice.created_at),
                _safe(invoice.payer_name),
                invoice.payer_tax_code or "",
                _safe(invoice.description),
                invoice.context_label or "",
                sum(x.list_price_vnd for x in invoice.lines),
                sum(x.subsidy_vnd for x in invoice.lines),
                invoice.amount_vnd,
                s.received,
                s.refunded,
                s.held,
                s.outstanding,
                s.status,
            ]
        )
    entry_rows = [
        [
            e.invoice.reference,
            e.seq,
            e.created_at.replace(tzinfo=None),
            e.provider,
            e.provider_ref,
            e.status,
            e.amount_vnd,
            e.currency,
            e.reason or "",
            e.event_id or "",
            _safe(e.note or ""),
        ]
        for e in queries.entries_in(invoices)
    ]
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Invoices"),
        [
            _("Reference"),
            _("Date"),
            _("Payer"),
            _("Tax code"),
            _("Description"),
            _("Group"),
            _("List price"),
            _("Subsidy"),
            _("Amount due"),
            _("Received"),
            _("Refunded"),
            _("Held"),
            _("Outstanding"),
            _("Status"),
        ],
        invoice_rows,
    )
    _sheet(
        workbook,
        _("Ledger"),
        [
            _("Reference"),
            _("No."),
            _("Time (UTC)"),
            _("Provider"),
            _("Provider reference"),
            _("Status"),
            _("Amount"),
            _("Currency"),
            _("Reason"),
            _("Stripe event"),
            _("Note"),
        ],
        entry_rows,
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
