"""Product rules: create, update, publish and archive products; categories; certifications."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.catalogue.groups import resolve_group
from marketplace.catalogue.models import (
    ARCHIVED,
    CERTIFICATION_KINDS,
    DRAFT,
    PUBLISHED,
    Category,
    Certification,
    Product,
)
from marketplace.core.models import utcnow
from marketplace.core.rules import RuleError
from marketplace.core.text import slugify
from marketplace.extensions import db

PRODUCT_FIELDS = (
    "code",
    "name",
    "name_en",
    "group_number",
    "is_product_set",
    "description",
    "description_en",
    "price_vnd",
    "unit",
    "min_order_qty",
    "annual_output",
    "packaging",
)
MAX_PRICE_VND = 10**12


class ProductError(RuleError):
    """A product rule said no; `field` names the form field at fault (core.rules)."""


def get_or_create_category(group_number: int, name: str, name_en: str | None = None) -> Category:
    slug = slugify(name)[:140]
    category = db.session.execute(
        select(Category).where(Category.group_number == group_number, Category.slug == slug)
    ).scalar_one_or_none()
    if category is None:
        category = Category(group_number=group_number, name=name.strip(), name_en=name_en, slug=slug)
        db.session.add(category)
        db.session.flush()
    elif name_en and not category.name_en:
        category.name_en = name_en
    return category


def _clean(data: dict) -> dict:
    values = {k: v for k, v in data.items() if k in PRODUCT_FIELDS}
    for key, value in list(values.items()):
        if isinstance(value, str):
            values[key] = value.strip() or None
    if "name" in values and not values["name"]:
        raise ProductError(_l("The product needs a name."), "name")
    if "code" in values and not values["code"]:
        raise ProductError(_l("The product needs a code."), "code")
    if "group_number" in values:
        group = resolve_group(values["group_number"])
        if group is None:
            raise ProductError(_l("Choose one of the four product groups."), "group_number")
        values["group_number"] = group.number
    price = values.get("price_vnd")
    if price is not None and not (0 <= int(price) <= MAX_PRICE_VND):
        raise ProductError(_l("The price must be between 0 and 1,000,000,000,000 VND."), "price_vnd")
    qty = values.get("min_order_qty")
    if qty is not None and int(qty) < 1:
        raise ProductError(_l("The minimum order must be at least 1."), "min_order_qty")
    return values


def _code_taken(producer_id: int, code: str, product: Product | None) -> bool:
    other = db.session.execute(
        select(Product.id).where(Product.producer_id == producer_id, Product.code == code)
    ).scalar_one_or_none()
    return other is not None and (product is None or other != product.id)


def create_product(producer, data: dict, category_name: str | None = None) -> Product:
    values = _clean(data)
    for required in ("code", "name", "group_number"):
        if not values.get(required):
            raise ProductError(_l("This field is required."), required)
    if _code_taken(producer.id, values["code"], None):
        raise ProductError(_l("You already have a product with this code."), "code")
    with _code_kept_unique(producer.id, values["code"], None):  # made inside: the savepoint flushes first
        product = Product(producer=producer, slug=slugify(values["name"])[:200] or "san-pham", status=DRAFT, **values)
        db.session.add(product)  # before the category lookup, whose autoflush must find it in the session
        if category_name:
            product.category = get_or_create_category(product.group_number, category_name)
        db.session.flush()
    return product


def update_product(product: Product, data: dict, category_name: str | None = None) -> Product:
    values = _clean(data)
    if values.get("code") and _code_taken(product.producer_id, values["code"], product):
        raise ProductError(_l("You already have a product with this code."), "code")
    with _code_kept_unique(product.producer_id, values.get("code"), product):
        for key, value in values.items():
            setattr(product, key, value)
        if "name" in values:
            product.slug = slugify(product.name)[:200] or "san-pham"
        if category_name is not None:
            product.category = get_or_create_category(product.group_number, category_name) if category_name else None
        db.session.flush()
    return product


@contextmanager
def _code_kept_unique(producer_id: int, code: str | None, product: Product | None) -> Iterator[None]:
    """Write inside a savepoint. The code was looked up first, but two requests at once can both find
    it free: then the unique index refuses the second, and it gets the same refusal."""
    try:
        with db.session.begin_nested():
            yield
    except IntegrityError:
        if code and _code_taken(producer_id, code, product):
            raise ProductError(_l("You already have a product with this code."), "code") from None
        raise


def publish_product(product: Product) -> None:
    if product.status != PUBLISHED:
        product.status = PUBLISHED
        product.published_at = product.published_at or utcnow()


def unpublish_product(product: Product) -> None:
    product.status = DRAFT


def archive_product(product: Product) -> None:
    product.status = ARCHIVED


def add_certification(holder, kind: str, *, verified_by=None, granted: bool = False, **fields) -> Certification:
    """Record a certificate. It is self-declared unless `granted` (the awards module, the centre's import,
    the demo) or entered by staff (`verified_by`, an organiser or admin: the caller checks the role)."""
    if kind not in CERTIFICATION_KINDS:
        raise ProductError(_l("Unknown kind of certificate."), "kind")
    stars = fields.get("stars")
    if kind == "ocop" and (stars is None or not 1 <= int(stars) <= 5):
        raise ProductError(_l("OCOP certificates carry 1 to 5 stars."), "stars")
    start, end = fields.get("valid_from"), fields.get("valid_until")
    if start and end and end < start:
        raise ProductError(_l("A certificate cannot end before it starts."), "valid_until")
    target = {"product": holder} if isinstance(holder, Product) else {"producer_id": holder.id}
    certification = Certification(kind=kind, **target, **fields)
    if granted or verified_by is not None:
        certification.verified = True
        certification.verified_by_id = getattr(verified_by, "id", None)
        certification.verified_at = utcnow()
    db.session.add(certification)
    if isinstance(holder, Product):
        refresh_ocop_stars(holder)
    db.session.flush()
    return certification


def verify_certification(certification: Certification, staff_user) -> None:
    """Staff checked a self-declared certificate against the real one: from now on it counts."""
    if certification.verified:
        raise ProductError(_l("This certificate is already verified."), "verified")
    certification.verified, certification.verified_by_id, certification.verified_at = True, staff_user.id, utcnow()
    if certification.product is not None:
        refresh_ocop_stars(certification.product)
    db.session.flush()


def refresh_ocop_stars(product: Product, today: date | None = None) -> None:
    """Keep the highest still-valid, verified OCOP rating on the product row for fast filtering."""
    today = today or date.today()
    stars = [c.stars or 0 for c in product.certifications if c.kind == "ocop" and c.counts and c.is_valid_on(today)]
    product.ocop_stars = max(stars, default=0)


# --- added for the management pages (publishing by hand, removing a certificate) ---
MIN_PHOTOS_TO_PUBLISH = 1


def publish_by_hand(product: Product) -> None:
    """Publishing from the management pages needs a photo; imports call publish_product directly."""
    if len(product.photos) < MIN_PHOTOS_TO_PUBLISH:
        raise ProductError(_l("Add at least one photo before publishing this product."), "photos")
    publish_product(product)
    db.session.flush()


def remove_certification(certification: Certification) -> None:
    product = certification.product
    if product is not None:
        product.certifications.remove(certification)
    db.session.delete(certification)
    if product is not None:
        refresh_ocop_stars(product)
    db.session.flush()
