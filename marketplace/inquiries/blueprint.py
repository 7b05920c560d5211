"""The inquiries blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("inquiries", __name__)

from marketplace.inquiries import views  # noqa: E402,F401  (routes attach themselves to bp)
