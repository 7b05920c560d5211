"""The api blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from marketplace.api import (  # noqa: E402,F401  (routes attach themselves to bp)
    awards,
    booking_checkout,
    catalogue,
    fairs,
    inquiries,
    leads,
    payments,
    search,
    views,
)
from marketplace.extensions import csrf  # noqa: E402

# The API authenticates by bearer token, never by the session cookie, so CSRF cannot apply.
csrf.exempt(bp)
