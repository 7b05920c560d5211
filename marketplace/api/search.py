"""Search suggestions as you type: the products a half-typed query most likely means."""

from flask import jsonify, request, url_for
from sqlalchemy import select

from marketplace.api.blueprint import bp
from marketplace.api.openapi import add_paths, json_response
from marketplace.catalogue.models import Product
from marketplace.extensions import db, limiter
from marketplace.search import engine
from marketplace.search.highlight import highlight

MAX_SUGGESTIONS = 8


@bp.route("/search/suggestions", methods=["GET"])
@limiter.limit("120 per minute")
def search_suggestions():
    query = (request.args.get("q") or "").strip()[:100]
    ids = engine.suggest(query, MAX_SUGGESTIONS) if len(query) >= 2 else []
    products = {p.id: p for p in db.session.scalars(select(Product).where(Product.id.in_(ids)))} if ids else {}
    terms, prefix = engine.query_terms(query)
    items = []
    for product_id in ids:
        product = products.get(product_id)
        if product is None:
            continue
        items.append(
            {
                "id": product.id,
                "name": product.name,
                "name_en": product.name_en,
                "html": str(highlight(product.name, terms, prefix)),
                "producer": product.producer.name,
                "province": product.producer.province.name if product.producer.province else None,
                "url": url_for("catalogue.product", product_id=product.id, slug=product.slug or "san-pham"),
            }
        )
    response = jsonify({"query": query, "items": items})
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


add_paths(
    {
        "/api/v1/search/suggestions": {
            "get": {
                "summary": "Products a half-typed query most likely means (the last word may be unfinished)",
                "security": [],
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": (
                            "What was typed so far (cut at 100 characters); accents optional; "
                            "under 2 characters gives none"
                        ),
                    }
                ],
                "responses": {
                    "200": json_response(
                        "Up to 8 suggestions, best first",
                        {
                            "type": "object",
                            "required": ["query", "items"],
                            "properties": {
                                "query": {"type": "string"},
                                "items": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "name", "url"],
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "name": {"type": "string"},
                                            "name_en": {"type": ["string", "null"]},
                                            "html": {
                                                "type": "string",
                                                "description": "the name, escaped, matches in <mark>",
                                            },
                                            "producer": {"type": "string"},
                                            "province": {"type": ["string", "null"]},
                                            "url": {"type": "string"},
                                        },
                                    },
                                },
                            },
                        },
                    )
                },
            }
        }
    }
)
