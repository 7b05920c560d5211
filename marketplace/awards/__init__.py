"""Standout rural products (sản phẩm CNNT tiêu biểu): nomination, jury scoring, votes, certificates."""

from flask import Blueprint

bp = Blueprint("awards", __name__, url_prefix="/awards")

from marketplace.awards import views  # noqa: E402,F401  (routes attach themselves to bp)
