"""Fairs: floor plans, booth booking that never double-books, and the organiser's desk."""

from flask import Blueprint

bp = Blueprint("fairs", __name__, url_prefix="/fairs")

from marketplace.fairs import views  # noqa: E402,F401  (routes attach themselves to bp)
