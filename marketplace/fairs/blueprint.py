"""The fairs blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("fairs", __name__, url_prefix="/fairs")

from marketplace.fairs import (  # noqa: E402,F401  (routes attach themselves to bp)
    home,
    views_booking,
    views_desk,
    views_manage,
    views_plan,
    views_public,
)
