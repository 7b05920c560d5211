"""Staff badges as a PDF (fpdf2, in the vendored DejaVu Sans, which covers Vietnamese): one A6 badge a
page, or four to an A4 sheet with cut marks; each with the fair, the person, the establishment, the
booth(s) and the QR code the gate scans, its code printed below for typing when a camera fails."""

import io

from flask_babel import gettext as _
from fpdf import FPDF

from marketplace.fairs.exhibitors_pdf import FONT, FONT_DIR
from marketplace.fairs.onsite import qr
from marketplace.fairs.onsite.badges import PrintedBadge

A6, A4 = "a6", "a4"
LAYOUTS = (A6, A4)
BADGE_W, BADGE_H = 105.0, 148.0  # A6 in mm; an A4 sheet holds four, two by two
GREEN = (11, 107, 58)
INK = (29, 36, 33)


def _new_pdf(layout: str) -> FPDF:
    pdf = FPDF(unit="mm", format=(BADGE_W, BADGE_H) if layout == A6 else "A4")
    pdf.set_title(_("Staff badges"))
    pdf.set_creator("Sàn CNNT")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    return pdf


def _text(pdf: FPDF, x: float, y: float, text: str, size: float, bold=False, color=INK, lines=2) -> float:
    """Centred text in the badge's width, shrunk until it fits `lines` lines; returns the y below it."""
    width = BADGE_W - 14
    pdf.set_font(FONT, "B" if bold else "", size)
    while size > 7 and pdf.get_string_width(text) > width * lines * 0.92:
        size -= 1
        pdf.set_font(FONT, "B" if bold else "", size)
    height = size * 0.45
    pdf.set_text_color(*color)
    pdf.set_xy(x + 7, y)
    pdf.multi_cell(width, height, text, align="C")
    return pdf.get_y()


def _draw(pdf: FPDF, badge: PrintedBadge, x: float, y: float) -> None:
    pdf.set_fill_color(*GREEN)
    pdf.rect(x + 4, y + 4, BADGE_W - 8, 16, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, "B", 10)
    pdf.set_xy(x + 7, y + 6)
    pdf.multi_cell(BADGE_W - 14, 4.4, badge.fair_name[:110], align="C")
    below = _text(pdf, x, y + 23, _("EXHIBITOR STAFF"), 9, bold=True, color=GREEN, lines=1)
    below = _text(pdf, x, below + 2, badge.person_name, 18, bold=True)
    below = _text(pdf, x, below + 2, badge.producer_name, 11)
    _text(pdf, x, below + 2, _("Booth %(codes)s", codes=badge.booth_codes), 15, bold=True, lines=1)
    side = 50.0
    qr_y = y + BADGE_H - side - 16
    pdf.image(io.BytesIO(qr.png(badge.code)), x=x + (BADGE_W - side) / 2, y=qr_y, w=side, h=side)
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*INK)
    pdf.set_xy(x + 7, qr_y + side + 1)
    pdf.cell(BADGE_W - 14, 5, badge.code, align="C")


def _cut_marks(pdf: FPDF) -> None:
    pdf.set_draw_color(170, 170, 170)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=2)
    pdf.line(BADGE_W, 0, BADGE_W, 297)
    pdf.line(0, 148.5, 210, 148.5)
    pdf.set_dash_pattern()


def render_badges(badges: list[PrintedBadge], layout: str = A6) -> bytes:
    """The badges in order: A6, one a page; A4, four a sheet (left to right, top to bottom)."""
    pdf = _new_pdf(layout)
    if not badges:
        pdf.add_page()
        _text(pdf, 0, 40, _("No staff badge to print."), 12)
        return bytes(pdf.output())
    for index, badge in enumerate(badges):
        if layout == A6:
            pdf.add_page()
            _draw(pdf, badge, 0, 0)
            continue
        slot = index % 4
        if slot == 0:
            pdf.add_page()
            _cut_marks(pdf)
        _draw(pdf, badge, BADGE_W * (slot % 2), 148.5 * (slot // 2))
    return bytes(pdf.output())
