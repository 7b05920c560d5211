"""The certificate as a PDF (fpdf2, with the vendored DejaVu Sans for Vietnamese) and its QR code (segno)."""

import io

import segno
from babel.numbers import format_decimal
from fpdf import FPDF

from marketplace.awards import rules
from marketplace.awards.models import Certificate
from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.config import PROJECT_ROOT
from marketplace.core.mail import external_url

# DejaVu Sans (Bitstream Vera licence, static/fonts/DejaVu-LICENSE.txt) covers every Vietnamese letter;
# the project vendors it (payments' receipts use it too), so a machine without Debian's fonts renders the same.
FONTS = PROJECT_ROOT / "static" / "fonts"
LEVEL_TITLES = {
    rules.COMMUNE: "CẤP XÃ",
    rules.PROVINCE: "CẤP TỈNH",
    rules.REGION: "CẤP KHU VỰC",
    rules.NATIONAL: "CẤP QUỐC GIA",
}
GREEN = (11, 107, 58)


def verify_url(certificate: Certificate) -> str:
    """The public verification page on the site's own address (SITE_URL): a printed certificate lives
    four years, so its QR code must not carry whatever host name the download happened to use."""
    return external_url("awards.verify", code=certificate.code)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    return buffer.getvalue()


def _date(value) -> str:
    return value.strftime("%d/%m/%Y")


def render_pdf(certificate: Certificate, verify_url: str) -> bytes:
    """One A4 landscape page: title, product, producer, score, decision, validity, and the QR code."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"Giấy chứng nhận {certificate.number}")
    pdf.set_creator("Sàn CNNT")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*GREEN)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(13, 13, 271, 184)

    def line(text: str, size: float, style: str = "", height: float = 9, color=(29, 36, 33)) -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*color)
        pdf.set_x(20)
        pdf.multi_cell(257, height, text, align="C")

    pdf.set_y(20)
    line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, "B", 6)
    line("Độc lập - Tự do - Hạnh phúc", 11, "", 6)
    pdf.ln(4)
    if certificate.issuer:
        line(certificate.issuer.upper(), 12, "B", 7)
    pdf.ln(4)
    line("GIẤY CHỨNG NHẬN", 26, "B", 13, GREEN)
    line(f"SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU {LEVEL_TITLES[certificate.level]}", 15, "B", 9, GREEN)
    line(certificate.programme_name, 11, "", 7)
    pdf.ln(5)
    line(certificate.product_name, 20, "B", 11)
    group = GROUPS_BY_NUMBER.get(certificate.group_number)
    line(f"Nhóm sản phẩm: {group.name_vi if group else certificate.group_number}", 11, "", 7)
    line(f"Cơ sở sản xuất: {certificate.producer_name}", 13, "B", 8)
    if certificate.place:
        line(certificate.place, 11, "", 7)
    line(f"Điểm bình chọn: {format_decimal(certificate.score, '#,##0.00', locale='vi')}/100", 12, "", 8)
    pdf.ln(3)
    line(f"Quyết định số {certificate.decision_number} ngày {_date(certificate.decision_date)}", 11, "", 7)
    line(f"Có giá trị từ ngày {_date(certificate.issued_on)} đến ngày {_date(certificate.valid_until)}", 12, "B", 8)
    line(f"Số giấy chứng nhận: {certificate.number}", 10, "", 6)

    pdf.image(io.BytesIO(qr_png(verify_url)), x=240, y=155, w=36, h=36)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_text_color(79, 90, 85)
    pdf.set_xy(20, 188)
    pdf.cell(215, 5, f"Kiểm tra giấy chứng nhận: {verify_url}", align="L")
    return bytes(pdf.output())
