"""The payments blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("payments", __name__, url_prefix="/payments")

from marketplace.payments import views, views_staff, views_stripe, work  # noqa: E402,F401  (routes attach themselves to bp)
