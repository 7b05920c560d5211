"""Demo data: a provincial standout-product programme in its public vote, run through the real services."""

import io
from datetime import date, timedelta

from fpdf import FPDF
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from marketplace.accounts import services as accounts
from marketplace.awards import rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from marketplace.awards.documents import Upload
from marketplace.awards.models import Programme
from marketplace.catalogue import demo as _catalogue_demo  # noqa: F401  (its steps register, and so run, first)
from marketplace.catalogue import services as catalogue
from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.core.demo import DEMO_PASSWORD, demo_step
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.producers import services as producers
from marketplace.producers.models import Producer

GROUPS = (1, 2)
PER_GROUP = 3
DEFAULT_PROVINCE = "38"  # Thanh Hóa, when the catalogue demo offers no province with enough products
JURORS = (
    ("juror@demo.cnnt.vn", "Giám khảo Nguyễn Văn An"),
    ("tran.binh@jury.demo.cnnt.vn", "Giám khảo Trần Thị Bình"),
    ("le.chau@jury.demo.cnnt.vn", "Giám khảo Lê Minh Châu"),
)
# The demo's other jurors live under their own domain: the five site-wide demo accounts stay as they are.
# Fallback establishments (matched by tax code, so a second run finds them): name, type, tax code, products.
FALLBACK = (
    (
        "HTX Mây tre đan Nga Sơn",
        "cooperative",
        "2800100014",
        ((1, "CO-01", "Làn cói Nga Sơn"), (1, "MT-02", "Khay mây đan tay")),
    ),
    ("Hộ kinh doanh Gốm Lò Chum", "household", "2800100021", ((1, "GM-01", "Bình gốm men rạn"),)),
    (
        "Công ty TNHH Nem chua Thanh",
        "enterprise",
        "2800100039",
        ((2, "NC-01", "Nem chua Thanh Hóa"), (2, "CH-02", "Chè lam Phủ Quảng")),
    ),
    ("HTX Nước mắm Ba Làng", "cooperative", "2800100046", ((2, "NM-01", "Nước mắm cốt Ba Làng"),)),
)
# Each juror's four criterion scores for the i-th entry: varied, mostly above the pass mark.
SCORES = ((36, 34, 9, 8), (30, 28, 7, 6), (34, 33, 8, 9), (25, 27, 6, 5), (38, 35, 9, 9), (31, 30, 8, 7))


def _photo(colour, label: str) -> bytes:
    image = Image.new("RGB", (640, 480), colour)
    ImageDraw.Draw(image).rectangle((80, 80, 560, 400), outline=(255, 255, 255), width=8)
    ImageDraw.Draw(image).text((100, 100), label, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _registration_pdf(name: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(0, 10, "Business registration certificate (demo copy)")
    pdf.ln(12)
    pdf.cell(0, 10, name.encode("ascii", "ignore").decode() or "Demo")
    return bytes(pdf.output())


def _products_by_province() -> tuple[str, dict[int, list[Product]]]:
    """The province with the most published products in the demo's groups, and those products."""
    row = db.session.execute(
        select(Producer.province_code, func.count(Product.id))
        .join(Product.producer)
        .where(Product.status == PUBLISHED, Product.group_number.in_(GROUPS))
        .group_by(Producer.province_code)
        .order_by(func.count(Product.id).desc(), Producer.province_code)
    ).first()
    province = row[0] if row else DEFAULT_PROVINCE
    products = db.session.scalars(
        select(Product)
        .join(Product.producer)
        .where(Product.status == PUBLISHED, Producer.province_code == province, Product.group_number.in_(GROUPS))
        .order_by(Product.id)
    )
    chosen: dict[int, list[Product]] = {g: [] for g in GROUPS}
    for product in products:
        chosen[product.group_number].append(product)
    return province, chosen


def _fill_up(province: str, chosen: dict[int, list[Product]]) -> None:
    """Create the few establishments and products the step needs when the catalogue demo has too few."""
    for name, kind, tax_code, items in FALLBACK:
        if all(len(chosen[g]) >= PER_GROUP for g in GROUPS):
            return
        producer = producers.find_by_tax_code(tax_code) or producers.create_producer(
            {"name": name, "establishment_type": kind, "tax_code": tax_code, "province_code": province}
        )
        for group, code, product_name in items:
            if len(chosen[group]) >= PER_GROUP:
                continue
            product = db.session.scalar(select(Product).where(Product.producer_id == producer.id, Product.code == code))
            if product is None:
                product = catalogue.create_product(
                    producer,
                    {
                        "code": code,
                        "name": product_name,
                        "group_number": group,
                        "description": f"{product_name}, sản phẩm làm thủ công.",
                    },
                )
            catalogue.publish_product(product)
            if product not in chosen[group]:
                chosen[group].append(product)


def _jurors() -> list:
    people = []
    for email, name in JURORS:
        user = accounts.find_by_email(email) or accounts.create_account(
            email, DEMO_PASSWORD, name, "juror", verified=True, locale="vi"
        )
        people.append(user)
    return people


def _file_dossiers(programme: Programme, chosen: dict[int, list[Product]], organiser) -> list:
    entries = []
    for group in GROUPS:
        for index, product in enumerate(chosen[group][:PER_GROUP]):
            nomination = dossiers.nominate(programme, product, group, organiser, on_behalf=True)
            dossiers.update_dossier(
                nomination,
                {
                    "description": product.description or product.name,
                    "production": "Sản xuất quanh năm, 12 lao động.",
                    "markets": "Trong tỉnh, Hà Nội, TP. Hồ Chí Minh.",
                    "own_product": True,
                    "made_in_series": True,
                    "meets_standards": True,
                },
                organiser,
            )
            dossiers.add_document(
                nomination, "registration", Upload("dang-ky-kinh-doanh.pdf", _registration_pdf(product.producer.name))
            )
            for angle, colour in enumerate(((150, 70 + 30 * index, 40), (60, 120, 150), (90, 140, 60))):
                dossiers.add_document(
                    nomination, "photo", Upload(f"anh-{angle + 1}.jpg", _photo(colour, f"{product.code} {angle + 1}"))
                )
            dossiers.submit_dossier(nomination, organiser)
            entries.append(nomination)
    return entries


def _judge(programme: Programme, entries: list, jurors: list, organiser) -> None:
    for juror in jurors:
        for group in GROUPS:
            jury.appoint_juror(programme, juror, group, organiser)
    programmes.advance_phase(programme, organiser)  # judging
    jury.assign_entries(programme, "all", organiser)
    criteria = programme.criteria
    for index, entry in enumerate(entries):
        for shift, juror in enumerate(jurors):
            sheet = next(s for s in entry.sheets if s.juror_id == juror.id)
            points = [max(0, p - shift) for p in SCORES[index % len(SCORES)]]
            jury.score_entry(
                sheet,
                {c.id: p for c, p in zip(criteria, points, strict=True)},
                {},
                "Hồ sơ đầy đủ, sản phẩm có thị trường ổn định.",
                juror,
            )
            jury.submit_sheet(sheet, juror)


@demo_step
def demo_awards(echo) -> None:
    organiser = accounts.find_by_email("organiser@demo.cnnt.vn")
    year = date.today().year
    name = f"Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh năm {year}"
    existing = db.session.scalar(select(Programme).where(Programme.name == name, Programme.year == year))
    if existing is not None:
        echo(f"Standout-product programme already there: /awards/{existing.id}")
        return
    province, chosen = _products_by_province()
    _fill_up(province, chosen)
    db.session.flush()
    programme = programmes.create_programme(
        {"name": name, "year": year, "level": rules.PROVINCE, "area": province, "groups": GROUPS}, organiser
    )
    today = date.today()
    programmes.update_settings(
        programme,
        {
            "description": "Chương trình do Trung tâm Khuyến công tổ chức: các cơ sở nộp hồ sơ, Ban giám khảo chấm "
            "điểm theo 4 tiêu chí, Hội đồng bình chọn xét duyệt, người dân bình chọn trực tuyến.",
            "nomination_closes_on": today - timedelta(days=40),
            "judging_closes_on": today - timedelta(days=10),
            "results_on": today + timedelta(days=30),
            "voting_opens_at": utcnow() - timedelta(days=2),
            "voting_closes_at": utcnow() + timedelta(days=28),
            "decision_number": f"{year % 100 + 100}/QĐ-UBND",
            "decision_date": today + timedelta(days=30),
            "issuer": "Ủy ban nhân dân tỉnh",
        },
        organiser,
    )
    programmes.advance_phase(programme, organiser)  # nomination
    entries = _file_dossiers(programme, chosen, organiser)
    programmes.advance_phase(programme, organiser)  # screening
    for entry in entries:
        dossiers.screen(entry, "accept", None, organiser)
    _judge(programme, entries, _jurors(), organiser)
    programmes.advance_phase(programme, organiser)  # council
    programmes.record_council_approval(programme, "Biên bản họp Hội đồng bình chọn số 05/BB-HĐBC", organiser)
    programmes.advance_phase(programme, organiser)  # public vote
    db.session.flush()
    echo(f"Standout-product programme in its public vote: /awards/{programme.id} ({len(entries)} entries)")
    echo(f"  jurors: {', '.join(email for email, _name in JURORS)} (password: {DEMO_PASSWORD})")
