"""The catalogue blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

from marketplace.core.security import refuse_nul_characters

bp = Blueprint("catalogue", __name__)
bp.before_request(refuse_nul_characters)

# The views attach their routes to bp; `home` registers the catalogue's home-page sections.
from marketplace.catalogue import home, placeholder, views_import, views_manage, views_public, work  # noqa: E402,F401
