"""The producers blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("producers", __name__, url_prefix="/producers")

from marketplace.producers import views_manage, views_public, views_staff  # noqa: E402,F401  (routes attach themselves to bp)
