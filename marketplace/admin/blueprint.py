"""The admin blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from marketplace.admin import views, work  # noqa: E402,F401  (routes attach themselves to bp)
