"""The catalogue's `seed-demo` step: producers in many provinces, their products, photos and certificates."""

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.accounts.services import find_by_email
from marketplace.catalogue import photos, services
from marketplace.catalogue.demo_categories import CATEGORIES
from marketplace.catalogue.demo_images import demo_photo
from marketplace.catalogue.demo_producers import PRODUCERS
from marketplace.catalogue.models import Product
from marketplace.core.demo import CATALOGUE_ORDER, demo_step
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.producers import services as producer_services
from marketplace.producers.taxcode import check_digit

DEMO_PRODUCER_EMAIL = "producer@demo.cnnt.vn"
ORGANISER_EMAIL = "organiser@demo.cnnt.vn"
# A product the demo producer has not finished: the dashboard shows what a draft looks like.
CERTIFICATE_PREFIX = {
    "vietgap": "VietGAP",
    "haccp": "HACCP",
    "iso22000": "ISO",
    "food_safety": "ATTP",
    "self_declaration": "TCB",
}
DEMO_PALETTES = 3  # colour variants of each product drawing: enough variety, few images to encode
DRAFT = ("PV-06", "Ghế mây thư giãn", "Rattan lounge chair", 1_350_000, "chiếc", 2)


def demo_tax_code(index: int, province_code: str) -> str:
    """A valid, stable tax code for the index-th demo producer (the check digit is computed)."""
    serial = 8_000_000 + index * 1_013
    while True:
        nine = f"{int(province_code):02d}{serial:07d}"
        digit = check_digit(nine)
        if digit is not None:
            return f"{nine}{digit}"
        serial += 1


def _profile(index: int, spec: tuple, province) -> dict:
    (
        name,
        kind,
        _province,
        commune,
        village,
        _category,
        representative,
        founded,
        workforce,
        texts,
        _certs,
        _featured,
        _products,
    ) = spec
    commune_row = resolver.resolve_commune(province.code, commune)
    return {
        "name": name,
        "establishment_type": kind,
        "tax_code": demo_tax_code(index, province.code),
        "province_code": province.code,
        "commune_code": commune_row.code if commune_row else None,
        "commune_name": None if commune_row else commune,
        "address": f"Thôn {index % 7 + 1}",
        "craft_village": bool(village),
        "craft_village_name": village,
        "representative": representative,
        "phone": f"09{12 + index % 80:02d} {100 + index * 7 % 900:03d} {200 + index * 13 % 800:03d}",
        "email": DEMO_PRODUCER_EMAIL if index == 0 else f"lienhe{index:02d}@demo.cnnt.vn",
        "founded_year": founded,
        "workforce": workforce,
        "capacity": f"{workforce * 250:,} sản phẩm/năm".replace(",", "."),
        "description": texts[0],
        "description_en": texts[1],
    }


class DemoPhotos:
    """Each drawing is processed and stored once per run; the photo rows that show it share its files."""

    def __init__(self):
        self.stored: dict[tuple[str, int], tuple[str, int, int]] = {}

    def add(self, holder, shape: str, palette: int) -> None:
        design = (shape, palette)
        if design not in self.stored:
            row = photos.store_processed(holder, [demo_photo(*design)])[0]
            self.stored[design] = (row.storage_key, row.width, row.height)
        else:
            photos.add_stored_photo(holder, *self.stored[design])


def _ensure_producer(index: int, spec: tuple, organiser, pictures: DemoPhotos) -> tuple[object, bool]:
    province = resolver.resolve_province(spec[2])
    tax_code = demo_tax_code(index, province.code)
    producer = producer_services.find_by_tax_code(tax_code)
    if producer is not None:
        return producer, False
    producer = producer_services.create_producer(_profile(index, spec, province), created_by=organiser)
    pictures.add(producer, spec[12][0][6], (index + 1) % DEMO_PALETTES)  # its best-known product
    today = date.today()
    for kind in spec[10]:
        services.add_certification(
            producer,
            kind,
            granted=True,
            number=f"{CERTIFICATE_PREFIX[kind]}-{index + 101}/2024",
            issuer="Tổ chức chứng nhận Quacert",
            valid_from=today - timedelta(days=300),
            valid_until=today + timedelta(days=800),
        )
    if organiser is not None and index % 3 != 2:
        check = producer_services.record_check(producer, "tax_code", organiser)
        check.checked_at = utcnow() - timedelta(days=30 + index * 5)
    if organiser is not None and index % 4 == 0:
        producer_services.record_check(producer, "visit", organiser, note="Thăm cơ sở sản xuất")
    return producer, True


def _product_data(item: tuple, category: tuple, producer) -> dict:
    code, name, name_en, price, unit, min_order = item[:6]
    place = producer.place_name
    return {
        "code": code,
        "name": name,
        "name_en": name_en,
        "group_number": category[0],
        "description": category[3].format(name=name, producer=producer.name, place=place),
        "description_en": category[4].format(name_en=name_en, producer=producer.name, place=place),
        "price_vnd": price,
        "unit": unit,
        "min_order_qty": min_order,
        "annual_output": f"{min_order * 400:,} {unit}".replace(",", "."),
        "packaging": "Hộp giấy kraft, chèn giấy tổ ong"
        if category[0] == 1
        else ("Đóng thùng gỗ, bọc màng PE" if category[0] == 3 else "Hộp, túi hoặc chai có tem truy xuất"),
    }


def _add_product_certificates(product: Product, stars: int, kinds: tuple, serial: int) -> None:
    today = date.today()
    start = today - timedelta(days=120 + serial * 3)
    if stars:
        services.add_certification(
            product,
            "ocop",
            granted=True,
            stars=stars,
            number=f"OCOP-{serial:04d}",
            issuer="UBND tỉnh",
            valid_from=start,
            valid_until=start + timedelta(days=3 * 365),
        )
    for kind in kinds:
        services.add_certification(
            product,
            kind,
            granted=True,
            number=f"{CERTIFICATE_PREFIX[kind]}-{serial + 1001}",
            issuer=None,
            valid_from=start,
            valid_until=start + timedelta(days=2 * 365),
        )


def _ensure_products(producer, spec: tuple, serial: int, pictures: DemoPhotos) -> int:
    """Create the producer's missing products, published with a photo; returns how many were created."""
    category = CATEGORIES[spec[5]]
    existing = set(db.session.scalars(select(Product.code).where(Product.producer_id == producer.id)))
    created = 0
    for offset, item in enumerate(spec[12]):
        number = serial + offset
        if item[0] in existing:
            continue
        product = services.create_product(producer, _product_data(item, category, producer), None)
        product.category = services.get_or_create_category(category[0], category[1], category[2])
        _add_product_certificates(product, item[7], item[8], number)
        pictures.add(product, item[6], number % DEMO_PALETTES)
        services.publish_product(product)
        # Spread the publication times so "newest" mixes producers and groups, as real life would.
        product.published_at = utcnow() - timedelta(hours=(number * 37) % 131 * 5 + 1)
        created += 1
    return created


def _ensure_draft(producer) -> None:
    code, name, name_en, price, unit, min_order = DRAFT
    found = db.session.scalar(select(Product.id).where(Product.producer_id == producer.id, Product.code == code))
    if found is None:
        services.create_product(
            producer,
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "group_number": 1,
                "price_vnd": price,
                "unit": unit,
                "min_order_qty": min_order,
            },
            "Mây tre đan",
        )


@demo_step(order=CATALOGUE_ORDER)
def demo_catalogue(echo) -> None:
    organiser = find_by_email(ORGANISER_EMAIL)
    created_producers = created_products = serial = 0
    demo_producer, pictures = None, DemoPhotos()
    for index, spec in enumerate(PRODUCERS):
        producer, created = _ensure_producer(index, spec, organiser, pictures)
        created_producers += created
        producer.featured = spec[11]
        created_products += _ensure_products(producer, spec, serial, pictures)
        serial += len(spec[12])
        demo_producer = demo_producer or producer
    account = find_by_email(DEMO_PRODUCER_EMAIL)
    if account is not None:
        producer_services.add_member(demo_producer, account, how="added")
        _ensure_draft(demo_producer)
    db.session.flush()
    provinces = len({spec[2] for spec in PRODUCERS})
    echo(
        f"Demo catalogue: {len(PRODUCERS)} producers in {provinces} provinces "
        f"({created_producers} new), {serial} products ({created_products} new)."
    )
    echo(f"  {DEMO_PRODUCER_EMAIL} acts for {demo_producer.name}.")
