"""API endpoints of the foundation: tokens and the OpenAPI document."""

from flask import jsonify, request

from marketplace.accounts import services, throttle
from marketplace.api.auth import bearer_raw, token_required
from marketplace.api.blueprint import bp
from marketplace.api.openapi import openapi_document
from marketplace.core.errors import api_error
from marketplace.core.unitofwork import commit_now
from marketplace.extensions import limiter


@bp.route("/tokens", methods=["POST"])
@limiter.limit("10 per minute")
def create_token():
    """HTTP Basic email:password in, a bearer token out."""
    credentials = request.authorization
    if credentials is None or credentials.type != "basic" or not credentials.username:
        response = api_error(401, "Send your email and password with HTTP Basic authentication.")
        response[0].headers["WWW-Authenticate"] = 'Basic realm="api"'
        return response
    try:
        user = throttle.attempt_sign_in(credentials.username, credentials.password or "")
    except throttle.SignInThrottled as refused:
        response = api_error(
            429,
            "Too many wrong passwords were tried for this account lately. Wait for "
            "Retry-After seconds, then try again.",
            code="signin_throttled",
        )
        response[0].headers["Retry-After"] = str(refused.retry_after)
        return response
    if user is None:
        commit_now()  # the failed-login audit row stays, though the answer (401) rolls back
        return api_error(401, "The email or password is not correct.")
    if not user.is_verified:
        commit_now()  # a rehashed password is kept, though the answer (403) rolls back
        return api_error(
            403,
            "Confirm your email address first: open the link we mailed to you, or ask for "
            "a new one on your account page.",
            code="email_unconfirmed",
        )
    raw, token = services.issue_api_token(user)
    return jsonify({"token": raw, "expires_at": token.expires_at.isoformat()}), 201


@bp.route("/tokens/current", methods=["DELETE"])
@token_required
def revoke_current_token():
    """The caller's own token stops working at once (signing out a script or a device)."""
    token = services.token_for_raw(bearer_raw())
    services.revoke_api_token(token.user, token.id)
    return "", 204


@bp.route("/openapi.json", methods=["GET"])
def openapi():
    return jsonify(openapi_document())
