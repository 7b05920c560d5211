"""Stripe's side: the webhook (the only way a card payment is recorded) and the success and cancel
pages, which only show the state the ledger already holds."""

from flask import abort, jsonify, render_template, request
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from marketplace.extensions import csrf
from marketplace.payments import ledger, queries, stripe_events, stripe_gateway
from marketplace.payments.blueprint import bp
from marketplace.payments.permissions import can_view_invoice


@bp.route("/stripe/webhook", methods=["POST"])
@csrf.exempt  # the one form-less POST: Stripe proves itself with the signature instead
def stripe_webhook():
    payload = request.get_data(cache=False)  # the raw body: the signature covers these exact bytes
    try:
        record = stripe_events.receive_event(payload, request.headers.get("Stripe-Signature"))
    except stripe_gateway.BadSignature:  # the 400 rolls back: nothing is kept of a forged event
        return jsonify({"error": {"code": "bad_signature", "message": "Signature missing, wrong or too old."}}), 400
    except stripe_events.DuplicateEvent:
        return jsonify({"received": True, "duplicate": True}), 200
    except (stripe_gateway.StripeUnavailable, OperationalError):
        # The 503 rolls back: nothing kept, not even the event; Stripe retries, and we act then.
        return jsonify({"error": {"code": "unavailable", "message": "Try again later."}}), 503
    return jsonify({"received": True, "outcome": record.outcome}), 200


def _return_page(invoice, outcome: str):
    if invoice is None or not can_view_invoice(current_user, invoice):
        abort(404)
    return render_template(
        "payments/stripe_return.html",
        invoice=invoice,
        standing=ledger.standing_of(invoice),
        outcome=outcome,
    )


@bp.route("/stripe/success")
def stripe_success():
    """Shows what the ledger says. Marks nothing: only the signed webhook (or reconciliation) does."""
    session_id = request.args.get("session_id", "")[:80]
    invoice = queries.invoice_for_session_id(session_id) if session_id.startswith("cs_") else None
    return _return_page(invoice, "success")


@bp.route("/stripe/cancel")
def stripe_cancel():
    invoice = queries.invoice_by_reference(request.args.get("reference", "")[:16])
    return _return_page(invoice, "cancel")
