"""The OpenAPI description of the catalogue endpoints (marketplace/api/catalogue.py)."""

from marketplace.api.openapi import add_paths, error_response, json_response
from marketplace.catalogue.queries import MAX_PAGE, SORTS

# The contract's limits, enforced by marketplace/api/catalogue.py.
MAX_PER_PAGE = 100
MAX_QUERY = 200

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
