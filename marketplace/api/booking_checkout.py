"""Paying for a booking through the API: `POST /api/v1/bookings/{id}/checkout` submits a held booking if
need be, then opens a Stripe Checkout or gives the bank transfer details (VietQR) of its invoice."""

from flask import request, url_for

from marketplace.api.auth import bearer_user, token_required
from marketplace.api.blueprint import bp
from marketplace.api.openapi import add_paths, error_response, json_response
from marketplace.core.errors import api_error
from marketplace.core.unitofwork import commit_now
from marketplace.extensions import db, limiter
from marketplace.fairs import payment_link, services
from marketplace.fairs.models import PAID, Booking
from marketplace.fairs.permissions import can_book_for, can_view_booking
from marketplace.payments import checkout, stripe_gateway
from marketplace.payments.models import PROVIDERS


def _urls(invoice) -> dict:
    success = url_for("payments.stripe_success", _external=True) + "?session_id={CHECKOUT_SESSION_ID}"
    return {
        "success_url": success,
        "cancel_url": url_for("payments.stripe_cancel", reference=invoice.reference, _external=True),
    }


@bp.route("/bookings/<int:booking_id>/checkout", methods=["POST"])
@token_required
@limiter.limit("10 per minute")
def booking_checkout(booking_id: int):
    user = bearer_user()
    booking = db.session.get(Booking, booking_id)
    if booking is None or not can_view_booking(user, booking):
        return api_error(404, "No booking with this id.")
    if not can_book_for(user, booking.producer):  # organisers see bookings; only the producer pays
        return api_error(403, "Only an account acting for the booking's producer can pay for it.")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return api_error(400, "Send a JSON object.")
    provider = body.get("provider")
    if provider not in PROVIDERS:
        return api_error(422, "provider must be stripe or bank_transfer.", code="unknown_provider")
    if booking.current_status() == PAID:
        return api_error(409, "This booking is already paid.", code="already_paid")
    services.start_payment(booking)  # a refusal (core.rules) is answered by core.errors, and rolled back
    invoice = payment_link.invoice_of(booking)
    if invoice is None:  # nothing to pay (a full subsidy): the booking is paid now
        commit_now()  # the booking stays paid although the answer below is a refusal (which would roll back)
        return api_error(409, "There is nothing to pay for this booking.", code="already_paid")
    try:
        answer = checkout.begin_checkout(invoice, provider, locale=user.locale or "vi", **_urls(invoice))
    except (stripe_gateway.StripeUnavailable, stripe_gateway.StripeRefused):
        return api_error(503, "Card payment is not available right now; try again later or pay by bank transfer.")
    return answer, 201


_CHECKOUT = {
    "type": "object",
    "properties": {
        "checkout_url": {"type": "string", "description": "Stripe: the Checkout page to send the payer to"},
        "reference": {"type": "string", "description": "bank transfer: the note the transfer must carry"},
        "vietqr": {"type": "string", "description": "bank transfer: the VietQR (EMVCo) payload"},
        "amount_vnd": {"type": "integer", "description": "bank transfer: the amount to transfer"},
    },
}

add_paths(
    {
        "/api/v1/bookings/{booking_id}/checkout": {
            "post": {
                "summary": "Pay for a booking: a held booking of a first-come fair is submitted first",
                "parameters": [{"name": "booking_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["provider"],
                                "properties": {"provider": {"type": "string", "enum": list(PROVIDERS)}},
                            }
                        }
                    },
                },
                "responses": {
                    "201": json_response(
                        "Stripe: {checkout_url}; bank transfer: {reference, vietqr, amount_vnd}", _CHECKOUT
                    ),
                    "400": error_response("The body is not a JSON object"),
                    "401": error_response("No valid bearer token"),
                    "403": error_response("An organiser: only the booking's producer pays"),
                    "404": error_response("No such booking, or not the caller's"),
                    "409": error_response(
                        "Already paid, nothing left to pay, or the hold ran out and the booth is gone"
                    ),
                    "422": error_response(
                        "Unknown provider, a provider not offered, or a booking not awaiting payment"
                    ),
                    "429": error_response("Too many attempts"),
                    "503": error_response("Stripe cannot be reached; nothing was changed"),
                },
            }
        },
    }
)
