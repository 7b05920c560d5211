"""The awards blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("awards", __name__, url_prefix="/awards")

from marketplace.awards import views  # noqa: E402,F401  (routes attach themselves to bp)
