"""The awards blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("awards", __name__, url_prefix="/awards")

from marketplace.awards import (  # noqa: E402,F401  (routes attach themselves to bp)
    home,
    views_behalf,
    views_jury,
    views_manage,
    views_manage_jury,
    views_manage_votes,
    views_producer,
    views_public,
    work,
)
