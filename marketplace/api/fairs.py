"""Fair endpoints of the API: fairs, their booths with live statuses, booking a booth, a booking."""

from flask import jsonify, request, url_for

from marketplace.api.auth import bearer_user, token_required
from marketplace.api.blueprint import bp
from marketplace.api.openapi import add_paths, error_response, json_response
from marketplace.core.errors import api_error
from marketplace.core.models import utcnow
from marketplace.extensions import db, limiter
from marketplace.fairs import queries, rules, services
from marketplace.fairs.loading import offer_freed_booths_first
from marketplace.fairs.models import Booking
from marketplace.fairs.permissions import bookable_producers, can_view_booking


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def fair_json(fair) -> dict:
    return {
        "id": fair.id,
        "name": fair.name,
        "starts_on": fair.starts_on.isoformat(),
        "ends_on": fair.ends_on.isoformat(),
        "venue": fair.venue,
        "province": fair.province.name if fair.province else fair.province_code,
        "registration_open": rules.registration_open(fair),
        "booking_mode": fair.booking_mode,
        "url": url_for("fairs.fair", fair_id=fair.id, _external=True),
    }


def booking_json(booking: Booking, now=None) -> dict:
    now = now or utcnow()
    status = booking.current_status(now)
    return {
        "id": booking.id,
        "reference": booking.reference,
        "fair_id": booking.fair_id,
        "booth_code": booking.booth.code if booking.booth else None,
        "status": queries.API_STATUS[status],
        "stage": status,
        "expires_at": _iso(booking.expires_at) if status in ("held", "pending_payment") else None,
        "list_price_vnd": booking.list_price_vnd,
        "subsidy_vnd": booking.subsidy_vnd,
        "amount_due_vnd": booking.amount_due_vnd,
    }


@bp.route("/fairs", methods=["GET"])
def fairs_list():
    return jsonify({"items": [fair_json(fair) for fair in queries.public_fairs(include_past=True)]})


@bp.route("/fairs/<int:fair_id>/booths", methods=["GET"])
def fair_booths(fair_id: int):
    fair = queries.published_fair(fair_id)
    if fair is None:
        return api_error(404, "No published fair with this id.")
    items = [
        {
            "code": v.booth.code,
            "type": v.booth.booth_type.code,
            "type_name": v.booth.booth_type.name,
            "hall": v.booth.hall.name,
            "area_m2": v.booth.booth_type.area_m2,
            "price_vnd": v.booth.booth_type.price_vnd,
            "status": v.status,
        }
        for v in queries.fair_booths(fair, for_readers=True)
    ]
    return jsonify({"items": items})


def _producer_for(user, wanted_id):
    mine = bookable_producers(user)
    if not mine:
        return None, api_error(403, "Only an account acting for a producer can book a booth.")
    if wanted_id is None:
        if len(mine) > 1:
            return None, api_error(422, "This account acts for several producers: give producer_id.")
        return mine[0], None
    chosen = next((p for p in mine if p.id == wanted_id), None)
    return (chosen, None) if chosen else (None, api_error(403, "This account does not act for that producer."))


@bp.route("/fairs/<int:fair_id>/bookings", methods=["POST"])
@token_required
@limiter.limit("30 per minute")
def fair_book(fair_id: int):
    user = bearer_user()
    fair = queries.published_fair(fair_id)
    if fair is None:
        return api_error(404, "No published fair with this id.")
    if not bookable_producers(user):  # check before reading the body: a buyer gets 403 whatever it sends
        return api_error(403, "Only an account acting for a producer can book a booth.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "Send a JSON object.")
    code, wanted = body.get("booth_code"), body.get("producer_id")
    if not isinstance(code, str) or not code.strip() or (wanted is not None and not isinstance(wanted, int)):
        return api_error(422, "booth_code (a string) is required; producer_id, when given, is an integer.")
    producer, refusal = _producer_for(user, wanted)
    if refusal:
        return refusal
    booth = queries.booth_by_code(fair, code.strip().upper())
    if booth is None:
        return api_error(422, "This fair has no booth with this code.", code="unknown_booth")
    offer_freed_booths_first(fair)
    booking = services.hold_booth(fair, booth, producer, user)  # a refusal is core.errors' to answer
    return jsonify(booking_json(booking)), 201


@bp.route("/bookings/<int:booking_id>", methods=["GET"])
@token_required
def booking_detail(booking_id: int):
    booking = db.session.get(Booking, booking_id)
    if booking is None or not can_view_booking(bearer_user(), booking):
        return api_error(404, "No booking with this id.")
    return jsonify({**booking_json(booking), "payments": queries.booking_payments(booking)})


_FAIR = {
    "type": "object",
    "required": ["id", "name", "starts_on", "ends_on", "venue", "province", "registration_open"],
    "properties": {
        "id": {"type": "integer"},
        "name": {"type": "string"},
        "starts_on": {"type": "string", "format": "date"},
        "ends_on": {"type": "string", "format": "date"},
        "venue": {"type": "string"},
        "province": {"type": "string"},
        "registration_open": {"type": "boolean"},
        "booking_mode": {"type": "string", "enum": ["first_come", "approval"]},
        "url": {"type": "string"},
    },
}
_BOOTH = {
    "type": "object",
    "required": ["code", "type", "area_m2", "price_vnd", "status"],
    "properties": {
        "code": {"type": "string"},
        "type": {"type": "string"},
        "type_name": {"type": "string"},
        "hall": {"type": "string"},
        "area_m2": {"type": "number"},
        "price_vnd": {"type": "integer"},
        "status": {"type": "string", "enum": list(queries.BOOTH_STATUSES)},
    },
}
_STATUS = {"type": "string", "enum": ["held", "pending_payment", "paid", "cancelled", "expired"]}
_BOOKING = {
    "type": "object",
    "required": ["id", "booth_code", "status", "expires_at", "amount_due_vnd"],
    "properties": {
        "id": {"type": "integer"},
        "reference": {"type": "string", "example": "HC-000123"},
        "fair_id": {"type": "integer"},
        "booth_code": {"type": ["string", "null"]},
        "status": _STATUS,
        "stage": {
            "type": "string",
            "description": "The internal status: also applied (awaiting approval), "
            "requested (awaiting assignment) and rejected, which `status` maps onto the contract's.",
        },
        "expires_at": {"type": ["string", "null"], "format": "date-time"},
        "list_price_vnd": {"type": "integer"},
        "subsidy_vnd": {"type": "integer"},
        "amount_due_vnd": {"type": "integer", "description": "list price minus subsidy"},
    },
}
_PAYMENT = {
    "type": "object",
    "required": ["provider", "status", "amount_vnd"],
    "properties": {"provider": {"type": "string"}, "status": {"type": "string"}, "amount_vnd": {"type": "integer"}},
}
_ID = [{"name": "fair_id", "in": "path", "required": True, "schema": {"type": "integer"}}]

add_paths(
    {
        "/api/v1/fairs": {
            "get": {
                "summary": "Published fairs",
                "security": [],
                "responses": {
                    "200": json_response(
                        "Fairs, soonest first",
                        {
                            "type": "object",
                            "required": ["items"],
                            "properties": {"items": {"type": "array", "items": _FAIR}},
                        },
                    )
                },
            }
        },
        "/api/v1/fairs/{fair_id}/booths": {
            "get": {
                "summary": "A fair's booths and their status now (a hold past its time counts as available)",
                "security": [],
                "parameters": _ID,
                "responses": {
                    "200": json_response(
                        "Booths",
                        {
                            "type": "object",
                            "required": ["items"],
                            "properties": {"items": {"type": "array", "items": _BOOTH}},
                        },
                    ),
                    "404": error_response("No published fair with this id"),
                },
            }
        },
        "/api/v1/fairs/{fair_id}/bookings": {
            "post": {
                "summary": "Hold a booth for the caller's producer for the fair's hold time (default 30 minutes)",
                "parameters": _ID,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["booth_code"],
                                "properties": {
                                    "booth_code": {"type": "string"},
                                    "producer_id": {
                                        "type": "integer",
                                        "description": "needed when the account acts for several producers",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": json_response("The booth is held", _BOOKING),
                    "400": error_response("The body is not a JSON object"),
                    "401": error_response("No valid bearer token"),
                    "403": error_response("Not an account acting for a producer, or the producer is not eligible"),
                    "404": error_response("No published fair with this id"),
                    "409": error_response("The booth is not available, or the producer has reached the fair's limit"),
                    "422": error_response("Registration is closed, or booth_code is missing or unknown"),
                    "429": error_response("Too many attempts"),
                },
            }
        },
        "/api/v1/bookings/{booking_id}": {
            "get": {
                "summary": "A booking, to its producer's accounts and to organisers",
                "parameters": [{"name": "booking_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {
                    "200": json_response(
                        "The booking",
                        {
                            **_BOOKING,
                            "required": ["id", "status", "payments"],
                            "properties": {**_BOOKING["properties"], "payments": {"type": "array", "items": _PAYMENT}},
                        },
                    ),
                    "401": error_response("No valid bearer token"),
                    "404": error_response("No such booking, or not the caller's"),
                },
            }
        },
    }
)
