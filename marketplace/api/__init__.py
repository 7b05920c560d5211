"""The JSON API, /api/v1: bearer tokens, JSON errors, and the OpenAPI document that describes it."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from marketplace.api import catalogue, views  # noqa: E402,F401  (routes attach themselves to bp)
from marketplace.extensions import csrf  # noqa: E402

# The API authenticates by bearer token, never by the session cookie, so CSRF cannot apply.
csrf.exempt(bp)
