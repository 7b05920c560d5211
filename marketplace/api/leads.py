"""Leads through the API: `POST /api/v1/fairs/{id}/leads` records a badge scanned at the caller's booth,
as the booth page does (a handheld scanner, a script typing in a paper list the same day)."""

from flask import jsonify, request

from marketplace.api.auth import bearer_user, token_required
from marketplace.api.blueprint import bp
from marketplace.api.openapi import add_paths, error_response, json_response
from marketplace.core.errors import api_error
from marketplace.extensions import limiter
from marketplace.fairs import queries
from marketplace.fairs.leads import services
from marketplace.fairs.leads.permissions import exhibitors_for, scan_limit


def _api_account() -> str:
    user = bearer_user()
    return f"account:{user.id}" if user is not None else "account:none"


def lead_json(lead) -> dict:
    return {
        "id": lead.id,
        "fair_id": lead.fair_id,
        "producer_id": lead.producer_id,
        "buyer": {"name": lead.buyer.display_name, "email": lead.buyer.email},
        "product_ids": [item.product_id for item in lead.items],
        "rating": lead.rating,
        "scans": lead.scans,
        "inquiry_id": lead.inquiry_id,
        "scanned_at": lead.scanned_at.isoformat(),
        "last_scanned_at": lead.last_scanned_at.isoformat(),
    }


def _valid(body) -> bool:
    ids, rating, wanted = body.get("product_ids", []), body.get("rating"), body.get("producer_id")
    return (
        isinstance(body.get("code"), str)
        and isinstance(ids, list)
        and all(type(i) is int for i in ids)
        and (rating is None or type(rating) is int)
        and (wanted is None or type(wanted) is int)
        and isinstance(body.get("note") or "", str)
    )


@bp.route("/fairs/<int:fair_id>/leads", methods=["POST"])
@token_required
@limiter.limit(scan_limit, key_func=_api_account)  # per account, as on the booth page
def fair_lead(fair_id: int):
    user = bearer_user()
    fair = queries.published_fair(fair_id)
    if fair is None:
        return api_error(404, "No published fair with this id.")
    mine = exhibitors_for(user, fair)
    if not mine:
        return api_error(403, "Only an account acting for a producer exhibiting at this fair takes leads there.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "Send a JSON object.")
    if not _valid(body):
        return api_error(
            422,
            "code (a string) is required; product_ids is a list of integers; rating (1 to 5) and "
            "producer_id are integers; note is a string.",
        )
    wanted = body.get("producer_id")
    producer = next((p for p in mine if p.id == wanted), None) if wanted is not None else mine[0]
    if producer is None or (wanted is None and len(mine) > 1):
        return api_error(422, "Give producer_id: one of the producers this account exhibits for at this fair.")
    lead = services.record_lead(
        fair, producer, user, body["code"], body.get("product_ids", []), body.get("note"), body.get("rating")
    )  # a refusal (RuleError) is answered by core.errors
    return jsonify({**lead_json(lead), "continued": lead.scans > 1}), 200 if lead.scans > 1 else 201


_LEAD = {
    "type": "object",
    "required": ["id", "fair_id", "producer_id", "buyer", "product_ids", "scans", "inquiry_id", "continued"],
    "properties": {
        "id": {"type": "integer"},
        "fair_id": {"type": "integer"},
        "producer_id": {"type": "integer"},
        "buyer": {
            "type": "object",
            "required": ["name", "email"],
            "properties": {"name": {"type": "string"}, "email": {"type": "string"}},
        },
        "product_ids": {
            "type": "array",
            "items": {"type": "integer"},
            "description": "every product asked about, over all the scans of this buyer",
        },
        "rating": {"type": ["integer", "null"], "minimum": 1, "maximum": 5},
        "scans": {"type": "integer"},
        "inquiry_id": {"type": ["integer", "null"], "description": "the thread with the buyer (GET /inquiries/{id})"},
        "scanned_at": {"type": "string", "format": "date-time"},
        "last_scanned_at": {"type": "string", "format": "date-time"},
        "continued": {"type": "boolean", "description": "true: this buyer was scanned at this booth before"},
    },
}

add_paths(
    {
        "/api/v1/fairs/{fair_id}/leads": {
            "post": {
                "summary": "Record a buyer's visitor badge scanned at the caller's booth: the lead, and a thread with "
                "the buyer about the products (its first message says you met at the fair). Open from the "
                "day before the fair to the day after; scanning the same buyer again continues the lead",
                "parameters": [{"name": "fair_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["code"],
                                "properties": {
                                    "code": {
                                        "type": "string",
                                        "example": "CNNT-V-17-P4N8C2WD",
                                        "description": "the code of the buyer's visitor badge (its QR code holds it)",
                                    },
                                    "product_ids": {
                                        "type": "array",
                                        "items": {"type": "integer"},
                                        "description": "the caller's published products the buyer asked about",
                                    },
                                    "note": {
                                        "type": "string",
                                        "maxLength": services.MAX_NOTE,
                                        "description": "private to the exhibitor, never shown to the buyer",
                                    },
                                    "rating": {
                                        "type": "integer",
                                        "minimum": 1,
                                        "maximum": 5,
                                        "description": "stars, private to the exhibitor",
                                    },
                                    "producer_id": {
                                        "type": "integer",
                                        "description": "needed when the account exhibits for several producers",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": json_response("A new lead (and its thread)", _LEAD),
                    "200": json_response("This buyer was scanned here before: the lead continued", _LEAD),
                    "400": error_response("The body is not a JSON object"),
                    "401": error_response("No valid bearer token"),
                    "403": error_response("Not an account acting for a producer with a paid booth at this fair"),
                    "404": error_response("No published fair with this id"),
                    "409": error_response("Outside the fair's days (code `outside_fair_days`)"),
                    "422": error_response(
                        "A forged, mistyped or unknown badge code (code `unknown_badge`), products not "
                        "the caller's published ones (code `invalid_products`), or a malformed field"
                    ),
                    "429": error_response("Too many scans from this account (code `rate_limited`): wait and try again"),
                },
            }
        },
    }
)
