"""The catalogue: products, categories, certifications, public listing and imports."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)
