"""The catalogue blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from marketplace.catalogue import (  # noqa: E402,F401  (routes attach themselves to bp)
    home,  # noqa: E402,F401  (registers the catalogue's home-page sections)
    views_import,
    views_manage,
    views_public,
)
