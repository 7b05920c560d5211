"""Catalogue API: published products (searched and filtered) and producers, as the v1 contract names them."""

import re

from flask import jsonify, request, url_for

from marketplace.api.auth import bearer_user
from marketplace.api.blueprint import bp
from marketplace.api.catalogue_openapi import MAX_PER_PAGE, MAX_QUERY
from marketplace.catalogue.groups import GROUPS_BY_NUMBER, resolve_group
from marketplace.catalogue.queries import (
    MAX_PAGE,
    SORTS,
    product_page_data,
    public_product,
    resolve_certification,
    search_products,
)
from marketplace.core.errors import API_CODES, api_error
from marketplace.core.pagecache import kept_for_visitors
from marketplace.core.routing import MAX_ID
from marketplace.core.rules import RuleError
from marketplace.core.security import has_nul_characters
from marketplace.geography import resolver
from marketplace.media.views import photo_url
from marketplace.producers.queries import producer_page_data, public_producer

_WHOLE_NUMBER = re.compile(r"\d{1,12}")


class BadParameter(RuleError):
    """A query parameter the API cannot use: 400 when malformed, 422 when well formed but not acceptable.
    Raised out of the view, core.errors answers it as JSON (the message is for developers: English)."""

    def __init__(self, status: int, message: str):
        super().__init__(message, status=status, code=API_CODES[status])


def _integer(name: str, default: int | None, low: int, high: int) -> int | None:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise BadParameter(400, f"'{name}' must be a whole number.")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(422, f"'{name}' must be between {low} and {high}.")
    return value


def _resolved(name: str, resolve, describe: str):
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    found = resolve(raw)
    if found is None:
        raise BadParameter(422, f"Unknown {describe}: '{raw[:60]}'.")
    return found


def _search_arguments() -> tuple[str, dict, int, int, str]:
    if has_nul_characters():  # PostgreSQL cannot compare text holding one
        raise BadParameter(400, "Parameters must not contain NUL characters.")
    query = (request.args.get("q") or "").strip()
    if len(query) > MAX_QUERY:
        raise BadParameter(422, f"'q' is longer than {MAX_QUERY} characters.")
    filters: dict = {}
    province = _resolved("province", resolver.resolve_province, "province (give its name or official code)")
    if province:
        filters["province"] = province.code
    kind = _resolved("certification", resolve_certification, "certification")
    if kind:
        filters["cert"] = kind
    group = _resolved("group", resolve_group, "product group (1-4 or its name)")
    if group:
        filters["group"] = group.number
    category = (request.args.get("category") or "").strip()
    if category:
        filters["category"] = category[:120]
    for name, high in (("ocop_min", 5), ("price_min", 10**12), ("price_max", 10**12)):
        value = _integer(name, None, 0, high)
        if value is not None:
            filters[name] = value
    sort = request.args.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadParameter(422, f"'sort' must be one of: {', '.join(SORTS)}.")
    page = _integer("page", 1, 1, MAX_PAGE)
    per_page = _integer("per_page", 20, 1, MAX_PER_PAGE)
    return query, filters, page, per_page, sort


def _photo_urls(photo) -> dict:
    return {variant: photo_url(photo, variant, "jpg", external=True) for variant in ("thumb", "medium", "large")}


def product_summary(product) -> dict:
    producer = product.producer
    return {
        "id": product.id,
        "code": product.code,
        "name": product.name,
        "name_en": product.name_en,
        "category": product.category.name if product.category else None,
        "group": product.group_number,
        "price_vnd": product.price_vnd,
        "unit": product.unit,
        "ocop_stars": product.ocop_stars,
        "province": producer.province.name if producer.province else None,
        "province_code": producer.province_code,
        "producer": {"id": producer.id, "name": producer.name},
        "image": photo_url(product.photos[0], "thumb", "jpg", external=True) if product.photos else None,
        "url": url_for("catalogue.product", product_id=product.id, slug=product.slug, _external=True),
    }


def certification_data(certification) -> dict:
    return {
        "kind": certification.kind,
        "number": certification.number,
        "issuer": certification.issuer,
        "valid_from": certification.valid_from.isoformat() if certification.valid_from else None,
        "valid_until": certification.valid_until.isoformat() if certification.valid_until else None,
        "stars": certification.stars,
        "level": certification.level,
        "year": certification.year,
        # An OCOP rating or standout title the producer entered and nobody has checked: it counts for nothing.
        "self_declared": certification.self_declared,
    }


@bp.route("/products", methods=["GET"])
@kept_for_visitors(seconds=60)
def products():
    query, filters, page, per_page, sort = _search_arguments()
    # The answer shows no facets and no highlighted names: neither is computed.
    result = search_products(query, filters, page, per_page, sort, facets=False, highlights=False)
    return jsonify(
        {
            "items": [product_summary(product) for product in result.items],
            "total": result.total,
            "page": result.page,
            "per_page": result.per_page,
        }
    )


@bp.route("/products/<int:id>", methods=["GET"])
def product(id: int):  # noqa: A002  (the contract's path names it {id})
    found = public_product(id) if id <= MAX_ID else None
    if found is None:
        return api_error(404, "There is no published product with this id.")
    extra = product_page_data(found)
    return jsonify(
        {
            **product_summary(found),
            "group_name": GROUPS_BY_NUMBER[found.group_number].name_vi,
            "is_product_set": found.is_product_set,
            "description": found.description,
            "description_en": found.description_en,
            "min_order_qty": found.min_order_qty,
            "annual_output": found.annual_output,
            "packaging": found.packaging,
            "published_at": found.published_at.isoformat() if found.published_at else None,
            "photos": [_photo_urls(photo) for photo in found.photos],
            "certifications": [certification_data(c) for c in found.certifications],
            "producer_certifications": [certification_data(c) for c in extra["producer_certifications"]],
        }
    )


@bp.route("/producers/<int:id>", methods=["GET"])
def producer(id: int):  # noqa: A002  (the contract's path names it {id})
    found = public_producer(id) if id <= MAX_ID else None
    if found is None:
        return api_error(404, "There is no published producer with this id.")
    data = producer_page_data(found)
    body = {
        "id": found.id,
        "name": found.name,
        "establishment_type": found.establishment_type,
        "province": found.province.name if found.province else None,
        "province_code": found.province_code,
        "commune": found.commune.name if found.commune else found.commune_name,
        "commune_code": found.commune_code,
        "craft_village": found.craft_village,
        "craft_village_name": found.craft_village_name,
        "founded_year": found.founded_year,
        "workforce": found.workforce,
        "capacity": found.capacity,
        "description": found.description,
        "description_en": found.description_en,
        "photos": [_photo_urls(photo) for photo in found.photos],
        "certifications": [certification_data(c) for c in data["certifications"]],
        "checks": [{"subject": subject, "checked_at": at.isoformat()} for subject, at in data["checks"]],
        "products": [product_summary(p) for p in data["products"]],
        "url": url_for("producers.detail", producer_id=found.id, _external=True),
    }
    user = bearer_user()
    # As on the web page: a household's phone and email only go to accounts with a confirmed address.
    if user is not None and user.is_verified:
        body["contacts"] = {
            "representative": found.representative,
            "phone": found.phone,
            "email": found.email,
            "address": found.address,
            "website": found.website,
        }
    return jsonify(body)
