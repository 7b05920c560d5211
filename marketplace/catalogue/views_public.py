"""Public catalogue pages: the product listing with filters, a product's page, the sitemap."""

from datetime import date

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.routing import BuildError

from marketplace.catalogue import units
from marketplace.catalogue.blueprint import bp
from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.catalogue.labels import CERTIFICATION_LABELS, STANDOUT_LEVEL_LABELS
from marketplace.catalogue.models import Product
from marketplace.catalogue.permissions import can_edit_product, can_view_product
from marketplace.catalogue.queries import (
    SORTS,
    clean_filters,
    product_for_page,
    product_page_data,
    search_products,
    sitemap_entries,
)
from marketplace.core.i18n import current_language, format_vnd
from marketplace.core.pagecache import kept_for_visitors
from marketplace.core.pagination import page_number
from marketplace.core.routing import MAX_ID
from marketplace.geography import resolver
from marketplace.media.views import photo_url

PER_PAGE = 24
FILTER_KEYS = ("group", "province", "category", "cert", "ocop_min", "price_min", "price_max")


@bp.app_template_filter("unit")
def unit_filter(value: str | None) -> str:
    return units.unit_label(value)


@bp.app_template_filter()
def localized(obj, field: str):
    """The English text of `field` on an English page when there is one, else the Vietnamese."""
    if current_language() == "en":
        value = getattr(obj, f"{field}_en", None)
        if value:
            return value
    return getattr(obj, field)


@bp.app_template_global()
def product_url(product, external: bool = False) -> str:
    return url_for("catalogue.product", product_id=product.id, slug=product.slug or "san-pham", _external=external)


@bp.app_template_global()
def certification_label(kind: str) -> str:
    return str(CERTIFICATION_LABELS.get(kind, kind))


@bp.app_template_global()
def standout_level_label(level: str | None) -> str:
    return str(STANDOUT_LEVEL_LABELS.get(level, level or ""))


@bp.app_template_global()
def certification_expired(certification) -> bool:
    return certification.valid_until is not None and certification.valid_until < date.today()


def _listing_url(state: dict, **changes) -> str:
    args = {**state, **changes}
    return url_for("catalogue.products", **{k: v for k, v in args.items() if v not in (None, "")})


def _chips(state: dict, result) -> list[dict]:
    """The active filters in words, each with the address of the same listing without it."""
    filters, chips = result.filters, []
    if state.get("q"):
        chips.append((_("Words: %(q)s", q=state["q"]), {"q": None}))
    if "group" in filters:
        chips.append((GROUPS_BY_NUMBER[filters["group"]].name, {"group": None}))
    if "province" in filters:
        chips.append((resolver.province_by_code(filters["province"]).name, {"province": None}))
    if "category" in filters:
        chosen = next((v.label for v in result.facets["category"] if v.selected), None)
        chips.append((chosen or _("Category"), {"category": None}))
    if "cert" in filters:
        chips.append((certification_label(filters["cert"]), {"cert": None}))
    if filters.get("ocop_min"):
        stars = int(filters["ocop_min"])
        chips.append((ngettext("OCOP %(num)d star or more", "OCOP %(num)d stars or more", stars), {"ocop_min": None}))
    if "price_min" in filters or "price_max" in filters:
        low, high = filters.get("price_min"), filters.get("price_max")
        text = f"{format_vnd(low) if low is not None else '…'} – {format_vnd(high) if high is not None else '…'}"
        chips.append((_("Price: %(range)s", range=text), {"price_min": None, "price_max": None}))
    return [{"label": label, "remove_url": _listing_url(state, **change)} for label, change in chips]


@bp.route("/products")
@kept_for_visitors(seconds=60)
def products():
    query = (request.args.get("q") or "").strip()[:200]
    filters, _rejected = clean_filters(request.args)
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "relevance"
    result = search_products(query, filters, page_number(request.args.get("page")), PER_PAGE, sort)
    state = {"q": query, **{k: result.filters.get(k) for k in FILTER_KEYS}}
    if sort != "relevance":
        state["sort"] = sort
    return render_template(
        "catalogue/public/products.html",
        result=result,
        query=query,
        sort=sort,
        state=state,
        chips=_chips(state, result),
        page_url=lambda n: _listing_url(state, page=n if n > 1 else None),
        band_url=lambda low, high: _listing_url(state, price_min=low, price_max=high),
        clear_url=url_for("catalogue.products"),
        # Filtered and paged variants are near-duplicates: let search engines index the plain list.
        noindex=bool(request.args),
    )


def _contact_url(product: Product) -> str:
    if "inquiries.new" in current_app.view_functions:
        try:
            return url_for("inquiries.new", product_id=product.id)
        except BuildError:
            pass
    return url_for("producers.detail", producer_id=product.producer_id) + "#contact"


def product_jsonld(product: Product, url: str) -> dict:
    """schema.org Product for search engines; offers only when the producer states a price."""
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": localized(product, "name"),
        "sku": product.code,
        "url": url,
        "category": GROUPS_BY_NUMBER[product.group_number].name,
        "manufacturer": {
            "@type": "Organization",
            "name": product.producer.name,
            "url": url_for("producers.detail", producer_id=product.producer_id, _external=True),
        },
    }
    description = localized(product, "description")
    if description:
        data["description"] = description[:1000]
    if product.photos:
        data["image"] = [photo_url(p, "large", "jpg", external=True) for p in product.photos]
    if product.price_vnd is not None:
        data["offers"] = {
            "@type": "Offer",
            "price": product.price_vnd,
            "priceCurrency": "VND",
            "url": url,
            "seller": {"@type": "Organization", "name": product.producer.name},
        }
        if product.min_order_qty:
            data["offers"]["eligibleQuantity"] = {"@type": "QuantitativeValue", "minValue": product.min_order_qty}
    return data


@bp.route("/products/<int:product_id>")
@bp.route("/products/<int:product_id>/<slug>")
@kept_for_visitors(seconds=60)
def product(product_id: int, slug: str | None = None):
    product = product_for_page(product_id) if product_id <= MAX_ID else None
    if product is None or not can_view_product(current_user, product):
        abort(404)
    url = product_url(product, external=True)
    description = localized(product, "description") or ""
    og = {
        "type": "product",
        "title": localized(product, "name"),
        "description": (description or f"{product.producer.name}, {product.producer.place_name}")[:300],
        "url": url,
        "image": photo_url(product.photos[0], "large", "jpg", external=True) if product.photos else None,
    }
    return render_template(
        "catalogue/public/product.html",
        product=product,
        name=og["title"],
        description=description,
        producer=product.producer,
        public=product.is_published and product.producer.is_published,
        can_edit=can_edit_product(current_user, product),
        contact_url=_contact_url(product),
        og=og,
        jsonld=product_jsonld(product, url),
        **product_page_data(product),
    )


@bp.route("/robots.txt")
def robots():
    """Crawlers may read the public pages; management and account pages are of no use to them."""
    lines = [
        "User-agent: *",
        "Disallow: /manage/",
        "Disallow: /account/",
        "Disallow: /producers/staff",
        f"Sitemap: {url_for('catalogue.sitemap', _external=True)}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.route("/sitemap.xml")
def sitemap():
    products, producers = sitemap_entries()
    pages = [
        url_for("core.home", _external=True),
        url_for("catalogue.products", _external=True),
        url_for("producers.directory", _external=True),
    ]
    xml = render_template(
        "catalogue/public/sitemap.xml",
        pages=pages,
        products=[(url_for("catalogue.product", product_id=i, slug=s, _external=True), at) for i, s, at in products],
        producers=[(url_for("producers.detail", producer_id=i, _external=True), at) for i, _s, at in producers],
    )
    return Response(xml, mimetype="application/xml")
