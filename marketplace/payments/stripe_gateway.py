"""The one module that imports `stripe`: Checkout Sessions, refunds, listings and webhook signatures,
through the official library, at STRIPE_API_BASE when set (tests point it at a local stand-in)."""

import json
from collections.abc import Iterator

import stripe
from flask import current_app

SIGNATURE_TOLERANCE_SECONDS = 300  # Stripe's own default: older signed events are replays
# The API version this module was written and tested against, sent with every request: upgrading the
# library (held to one major version in pyproject.toml) must not change the shape of Stripe's answers.
STRIPE_API_VERSION = "2026-10-28.endive"


class StripeUnavailable(RuntimeError):
    """Stripe did not answer properly (network, 5xx, rate limit): try again later."""


class StripeRefused(RuntimeError):
    """Stripe refused the request (bad parameters, authentication): trying again will not help."""


class BadSignature(ValueError):
    """A webhook whose signature is missing, forged or too old."""


def is_configured() -> bool:
    config = current_app.config
    return bool(config.get("STRIPE_SECRET_KEY") and config.get("STRIPE_WEBHOOK_SECRET"))


def _client() -> stripe.StripeClient:
    config = current_app.config
    base = config.get("STRIPE_API_BASE")
    return stripe.StripeClient(
        config["STRIPE_SECRET_KEY"],
        base_addresses={"api": base.rstrip("/")} if base else None,
        max_network_retries=2,  # safe: every POST carries an idempotency key
        stripe_version=STRIPE_API_VERSION,
    )


def _call(function, *args, **kwargs) -> dict:
    try:
        result = function(*args, **kwargs)
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as error:
        raise StripeUnavailable(str(error)) from error
    except stripe.StripeError as error:
        raise StripeRefused(str(error)) from error
    return result.to_dict() if hasattr(result, "to_dict") else result


def create_checkout_session(
    *,
    reference: str,
    metadata: dict,
    amount_vnd: int,
    name: str,
    success_url: str,
    cancel_url: str,
    idempotency_key: str,
    locale: str,
    email: str | None = None,
) -> dict:
    """A hosted Checkout page for `amount_vnd` (VND is zero-decimal: the amount is sent as is)."""
    params = {
        "mode": "payment",
        "client_reference_id": reference,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata, "description": name[:200]},
        "line_items": [
            {
                "quantity": 1,
                "price_data": {"currency": "vnd", "unit_amount": amount_vnd, "product_data": {"name": name[:200]}},
            }
        ],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": locale if locale in ("vi", "en") else "auto",
    }
    if email:
        params["customer_email"] = email
    return _call(_client().v1.checkout.sessions.create, params, {"idempotency_key": idempotency_key})


def retrieve_session(session_id: str) -> dict:
    return _call(_client().v1.checkout.sessions.retrieve, session_id)


def session_for_payment_intent(payment_intent: str) -> dict | None:
    listing = _call(_client().v1.checkout.sessions.list, {"payment_intent": payment_intent, "limit": 1})
    return (listing.get("data") or [None])[0]


def sessions_created_since(timestamp: int, page_size: int = 100) -> Iterator[dict]:
    """Every Checkout Session created at or after `timestamp` (Unix seconds), newest first."""
    client = _client()
    params: dict = {"created": {"gte": timestamp}, "limit": page_size}
    while True:
        page = _call(client.v1.checkout.sessions.list, params)
        sessions = page.get("data") or []
        yield from sessions
        if not page.get("has_more") or not sessions:
            return
        params = {**params, "starting_after": sessions[-1]["id"]}


def create_refund(*, payment_intent: str, amount_vnd: int, idempotency_key: str, metadata: dict) -> dict:
    params = {"payment_intent": payment_intent, "amount": amount_vnd, "metadata": metadata}
    return _call(_client().v1.refunds.create, params, {"idempotency_key": idempotency_key})


def verify_event(payload: bytes, signature: str | None) -> dict:
    """The event, if `signature` (the Stripe-Signature header) proves Stripe sent this exact body
    within the tolerance; BadSignature otherwise. The body is checked as received, before parsing."""
    secret = current_app.config.get("STRIPE_WEBHOOK_SECRET")
    if not secret:
        raise BadSignature("STRIPE_WEBHOOK_SECRET is not set")
    try:
        stripe.WebhookSignature.verify_header(payload, signature, secret, SIGNATURE_TOLERANCE_SECONDS)
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise BadSignature(str(error)) from error
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or "data" not in event:
        raise BadSignature("not an event")
    return event
