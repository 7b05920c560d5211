"""The core blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("core", __name__)

from marketplace.core import views  # noqa: E402,F401  (routes attach themselves to bp)
