"""The producers blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

from marketplace.core.security import refuse_nul_characters

bp = Blueprint("producers", __name__, url_prefix="/producers")
bp.before_request(refuse_nul_characters)

from marketplace.producers import views_manage, views_public, views_staff  # noqa: E402,F401  (routes attach themselves to bp)
