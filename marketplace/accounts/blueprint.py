"""The accounts blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")

from marketplace.accounts import views  # noqa: E402,F401  (routes attach themselves to bp)
