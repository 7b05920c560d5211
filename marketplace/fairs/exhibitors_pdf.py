"""The printable exhibitor list of a fair as a PDF (fpdf2, in the vendored DejaVu Sans, which covers
Vietnamese; servers and phones printing it may have no fonts of their own)."""

from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from marketplace.config import PROJECT_ROOT
from marketplace.core.i18n import format_date, format_datetime
from marketplace.core.models import utcnow
from marketplace.fairs.exhibitors import Exhibitor
from marketplace.fairs.models import Fair

FONT_DIR = PROJECT_ROOT / "static" / "fonts"
FONT = "DejaVuSans"


class FairDocument(FPDF):
    """An A4 document of a fair: the vendored font, margins, and a footer with the page number.
    The exhibitor list and the outcome report (fairs/outcome/documents.py) print on it."""

    def __init__(self, footer_text: str) -> None:
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=15)
        self.set_margins(12, 12, 12)
        self.add_page()

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")

    def line_text(self, text: str, size: int = 10, bold: bool = False, height: float = 5.5) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def render_exhibitor_list(fair: Fair, exhibitors: list[Exhibitor]) -> bytes:
    """Booth, exhibitor (with province) and products, one row per exhibitor, in booth order."""
    pdf = FairDocument(_("Printed on %(time)s", time=format_datetime(utcnow())))
    pdf.line_text(fair.name, 15, bold=True, height=7)
    place = ", ".join(part for part in (fair.venue, fair.province.name if fair.province else "") if part)
    pdf.line_text(f"{format_date(fair.starts_on)} – {format_date(fair.ends_on)} · {place}", 10)
    pdf.line_text(_("Exhibitors: %(n)s", n=len(exhibitors)), 10, bold=True)
    pdf.ln(2)
    if not exhibitors:
        pdf.line_text(_("No exhibitor yet."))
        return bytes(pdf.output())
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(22, 70, 94), text_align=("LEFT", "LEFT", "LEFT"), repeat_headings=1, line_height=5
    ) as table:
        row = table.row()
        for heading in (_("Booth"), _("Exhibitor"), _("Products shown")):
            row.cell(heading)
        for exhibitor in exhibitors:
            producer = exhibitor.producer
            row = table.row()
            row.cell(exhibitor.booth_codes)
            province = producer.province.name if producer.province else ""
            row.cell(f"{producer.name}\n{province}" if province else producer.name)
            row.cell("; ".join(product.name for product in exhibitor.products) or "–")
    return bytes(pdf.output())
