"""API endpoints of the foundation: tokens and the OpenAPI document."""

from flask import jsonify, request

from marketplace.accounts import services
from marketplace.api.blueprint import bp
from marketplace.api.openapi import openapi_document
from marketplace.core.errors import api_error
from marketplace.extensions import db, limiter


@bp.route("/tokens", methods=["POST"])
@limiter.limit("10 per minute")
def create_token():
    """HTTP Basic email:password in, a bearer token out."""
    credentials = request.authorization
    if credentials is None or credentials.type != "basic" or not credentials.username:
        response = api_error(401, "Send your email and password with HTTP Basic authentication.")
        response[0].headers["WWW-Authenticate"] = 'Basic realm="api"'
        return response
    user = services.authenticate(credentials.username, credentials.password or "")
    if user is None:
        db.session.commit()  # keeps the failed-login audit row
        return api_error(401, "The email or password is not correct.")
    raw, token = services.issue_api_token(user)
    db.session.commit()
    return jsonify({"token": raw, "expires_at": token.expires_at.isoformat()}), 201


@bp.route("/openapi.json", methods=["GET"])
def openapi():
    return jsonify(openapi_document())
