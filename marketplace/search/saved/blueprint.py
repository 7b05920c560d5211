"""The saved searches blueprint; importing it attaches the views (create_app does, nothing else)."""

from flask import Blueprint

from marketplace.core.security import refuse_nul_characters

bp = Blueprint("saved_searches", __name__)
bp.before_request(refuse_nul_characters)

from marketplace.search.saved import views  # noqa: E402,F401  (routes attach themselves to bp)
