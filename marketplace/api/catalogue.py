"""Catalogue API: published products (searched and filtered) and producers, as the v1 contract names them."""

import re

from flask import jsonify, request, url_for

from marketplace.api.auth import bearer_user
from marketplace.api.blueprint import bp
from marketplace.api.openapi import add_paths, error_response, json_response
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
from marketplace.core.routing import MAX_ID
from marketplace.core.rules import RuleError
from marketplace.core.security import has_nul_characters
from marketplace.geography import resolver
from marketplace.media.views import photo_url
from marketplace.producers.queries import producer_page_data, public_producer

MAX_PER_PAGE = 100
MAX_QUERY = 200
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
def products():
    query, filters, page, per_page, sort = _search_arguments()
    result = search_products(query, filters, page, per_page, sort, facets=False)  # the answer shows none
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


# --- the OpenAPI description of the routes above ------------------------------------------

_TEXT, _INT = {"type": ["string", "null"]}, {"type": ["integer", "null"]}
_CERTIFICATION = {
    "type": "object",
    "properties": {
        "kind": {
            "type": "string",
            "enum": [
                "vietgap",
                "haccp",
                "iso22000",
                "food_safety",
                "self_declaration",
                "ocop",
                "cnnt_standout",
                "other",
            ],
        },
        "number": _TEXT,
        "issuer": _TEXT,
        "valid_from": {"type": ["string", "null"], "format": "date"},
        "valid_until": {"type": ["string", "null"], "format": "date"},
        "stars": _INT,
        "level": _TEXT,
        "year": _INT,
        "self_declared": {
            "type": "boolean",
            "description": "An OCOP rating or standout title entered by the producer and "
            "not verified by the awards module or the centre's staff: no badge, no ocop_min or "
            "certification filter, no ranking",
        },
    },
}
_PHOTOS = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {v: {"type": "string", "format": "uri"} for v in ("thumb", "medium", "large")},
    },
}
_SUMMARY = {
    "type": "object",
    "required": ["id", "code", "name", "name_en", "category", "price_vnd", "unit", "province", "producer", "url"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "name": {"type": "string"},
        "name_en": _TEXT,
        "category": _TEXT,
        "group": {"type": "integer", "minimum": 1, "maximum": 4},
        "price_vnd": {**_INT, "description": "Whole đồng; null means price on request"},
        "unit": _TEXT,
        "ocop_stars": {"type": "integer", "minimum": 0, "maximum": 5},
        "province": _TEXT,
        "province_code": {"type": "string"},
        "producer": {
            "type": "object",
            "required": ["id", "name"],
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        },
        "image": {"type": ["string", "null"], "format": "uri"},
        "url": {"type": "string", "format": "uri"},
    },
}
_PRODUCT = {
    "allOf": [
        _SUMMARY,
        {
            "type": "object",
            "properties": {
                "group_name": {"type": "string"},
                "is_product_set": {"type": "boolean"},
                "description": _TEXT,
                "description_en": _TEXT,
                "min_order_qty": _INT,
                "annual_output": _TEXT,
                "packaging": _TEXT,
                "published_at": {"type": ["string", "null"], "format": "date-time"},
                "photos": _PHOTOS,
                "certifications": {"type": "array", "items": _CERTIFICATION},
                "producer_certifications": {"type": "array", "items": _CERTIFICATION},
            },
        },
    ]
}
_PRODUCER = {
    "type": "object",
    "required": ["id", "name", "establishment_type", "province", "products", "url"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "establishment_type": {
            "type": "string",
            "enum": ["enterprise", "cooperative", "cooperative_group", "household"],
        },
        "province": _TEXT,
        "province_code": {"type": "string"},
        "commune": _TEXT,
        "commune_code": _TEXT,
        "craft_village": {"type": "boolean"},
        "craft_village_name": _TEXT,
        "founded_year": _INT,
        "workforce": _INT,
        "capacity": _TEXT,
        "description": _TEXT,
        "description_en": _TEXT,
        "photos": _PHOTOS,
        "certifications": {"type": "array", "items": _CERTIFICATION},
        "checks": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"subject": {"type": "string"}, "checked_at": {"type": "string", "format": "date-time"}},
            },
        },
        "products": {"type": "array", "items": _SUMMARY},
        "url": {"type": "string", "format": "uri"},
        "contacts": {
            "type": "object",
            "description": "Only for a bearer token of an account whose email is confirmed",
            "properties": {k: _TEXT for k in ("representative", "phone", "email", "address", "website")},
        },
    },
}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _id_parameter(what: str) -> list[dict]:
    return [
        {
            "name": "id",
            "in": "path",
            "required": True,
            "description": f"The {what}'s id",
            "schema": {"type": "integer", "minimum": 1},
        }
    ]


add_paths(
    {
        "/api/v1/products": {
            "get": {
                "summary": "Search the published products",
                "security": [],
                "parameters": [
                    _query(
                        "q",
                        "Words matched without regard to accents, case or đ/d, in names, description, category, "
                        "producer and place; empty lists everything",
                        {"type": "string", "maxLength": MAX_QUERY},
                    ),
                    _query(
                        "province",
                        "Province name (accents and 'Tỉnh'/'Thành phố' optional; former provinces map to "
                        "today's) or official code",
                    ),
                    _query("category", "Category id or name"),
                    _query(
                        "certification",
                        "vietgap, haccp, iso22000, food_safety, self_declaration, ocop, "
                        "cnnt_standout or other (also 'ISO 22000', 'tự công bố', ...)",
                    ),
                    _query("group", "CNNT product group, 1-4 or its name"),
                    _query(
                        "ocop_min",
                        "Only products with at least this many valid OCOP stars",
                        {"type": "integer", "minimum": 0, "maximum": 5},
                    ),
                    _query("price_min", "Lowest price in đồng", {"type": "integer", "minimum": 0}),
                    _query("price_max", "Highest price in đồng", {"type": "integer", "minimum": 0}),
                    _query(
                        "sort", "Order of the results", {"type": "string", "enum": list(SORTS), "default": "relevance"}
                    ),
                    _query("page", "Page number", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
                    _query(
                        "per_page",
                        "Items per page",
                        {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
                    ),
                ],
                "responses": {
                    "200": json_response(
                        "One page of products",
                        {
                            "type": "object",
                            "required": ["items", "total", "page", "per_page"],
                            "properties": {
                                "items": {"type": "array", "items": _SUMMARY},
                                "total": {"type": "integer"},
                                "page": {"type": "integer"},
                                "per_page": {"type": "integer"},
                            },
                        },
                    ),
                    "400": error_response("A number parameter is not a whole number"),
                    "422": error_response(
                        "A parameter is out of range, or names no known province, certification or group"
                    ),
                },
            }
        },
        "/api/v1/products/{id}": {
            "get": {
                "summary": "One published product",
                "security": [],
                "parameters": _id_parameter("product"),
                "responses": {
                    "200": json_response("The product", _PRODUCT),
                    "404": error_response("No published product has this id"),
                },
            }
        },
        "/api/v1/producers/{id}": {
            "get": {
                "summary": "One published producer, with its published products",
                "description": "Contact details are included only for the bearer token of an account with a confirmed email.",
                "security": [{}, {"bearer": []}],
                "parameters": _id_parameter("producer"),
                "responses": {
                    "200": json_response("The producer", _PRODUCER),
                    "404": error_response("No published producer has this id"),
                },
            }
        },
    }
)
