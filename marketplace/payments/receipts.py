"""PDF receipts, one per payment, in Vietnamese or English, drawn with fpdf2 in the vendored DejaVu
Sans (it covers Vietnamese; servers and CI machines may have no fonts of their own)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from marketplace.config import PROJECT_ROOT
from marketplace.core.i18n import format_date, format_vnd
from marketplace.payments import ledger
from marketplace.payments.models import REFUNDED, STRIPE, SUCCEEDED, Invoice, PaymentTransaction

FONT_DIR = PROJECT_ROOT / "static" / "fonts"
FONT = "DejaVuSans"


class _Receipt(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)
        self.add_page()

    def line_text(self, text: str, size: int = 10, bold: bool = False, height: float = 6) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def party(self, title: str, name: str, tax_code: str | None, address: str | None) -> None:
        self.line_text(title, 9, bold=True, height=5)
        self.line_text(name, 10, height=5)
        if tax_code:
            self.line_text(_("Tax code: %(code)s", code=tax_code), 9, height=5)
        if address:
            self.line_text(address, 9, height=5)
        self.ln(2)


def _description(line, language: str) -> str:
    return line.description_en if language == "en" and line.description_en else line.description


def _lines_table(pdf: _Receipt, invoice: Invoice, language: str) -> None:
    pdf.set_font(FONT, "", 9)
    headings = (_("Item"), _("List price"), _("Subsidy"), _("Payable"))
    with pdf.table(col_widths=(70, 35, 35, 40), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT")) as table:
        row = table.row()
        for heading in headings:
            row.cell(heading)
        for line in invoice.lines:
            row = table.row()
            for value in (
                _description(line, language),
                format_vnd(line.list_price_vnd),
                format_vnd(line.subsidy_vnd),
                format_vnd(line.amount_vnd),
            ):
                row.cell(value)
        row = table.row()
        for value in (
            _("Total"),
            format_vnd(sum(x.list_price_vnd for x in invoice.lines)),
            format_vnd(sum(x.subsidy_vnd for x in invoice.lines)),
            format_vnd(invoice.amount_vnd),
        ):
            row.cell(value)
    pdf.ln(3)


def _payment_block(pdf: _Receipt, payment: PaymentTransaction, chain: ledger.Chain) -> None:
    method = _("Card (Stripe)") if payment.provider == STRIPE else _("Bank transfer")
    pdf.line_text(_("Amount paid: %(amount)s", amount=format_vnd(payment.amount_vnd)), 11, bold=True)
    pdf.line_text(_("Paid on: %(date)s", date=format_date(payment.created_at)))
    pdf.line_text(_("Method: %(method)s", method=method))
    refunds = [e for e in chain.entries if e.status == REFUNDED]
    for refund in refunds:
        pdf.line_text(
            _(
                "Refunded on %(date)s: %(amount)s",
                date=format_date(refund.created_at),
                amount=format_vnd(refund.amount_vnd),
            )
        )
    if refunds:
        pdf.line_text(_("Amount kept: %(amount)s", amount=format_vnd(chain.received - chain.refunded)), bold=True)


def render_receipt(invoice: Invoice, payment: PaymentTransaction, language: str) -> bytes:
    """The receipt for one payment (a `succeeded` ledger entry) of `invoice`, as PDF bytes."""
    if payment.status != SUCCEEDED or payment.invoice_id != invoice.id:
        raise ValueError("a receipt is issued for a succeeded payment of this invoice")
    chain = ledger.find_chain(invoice, payment.provider, payment.provider_ref)
    with force_locale(language):
        pdf = _Receipt()
        pdf.set_title(_("Receipt %(number)s", number=f"{invoice.reference}-{payment.seq}"))
        pdf.line_text(_("RECEIPT"), 16, bold=True, height=9)
        pdf.line_text(
            _(
                "Receipt no. %(number)s · payment reference %(reference)s",
                number=f"{invoice.reference}-{payment.seq}",
                reference=invoice.reference,
            ),
            9,
        )
        pdf.ln(3)
        pdf.party(_("Received by"), invoice.seller_name, invoice.seller_tax_code, invoice.seller_address)
        pdf.party(_("Paid by"), invoice.payer_name, invoice.payer_tax_code, invoice.payer_address)
        description = invoice.description_en if language == "en" and invoice.description_en else invoice.description
        pdf.line_text(description, 10, bold=True)
        _lines_table(pdf, invoice, language)
        _payment_block(pdf, payment, chain)
        pdf.ln(4)
        pdf.line_text(_("This receipt confirms a payment. It is not a VAT e-invoice (hóa đơn điện tử)."), 8)
        return bytes(pdf.output())
