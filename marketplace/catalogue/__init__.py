"""The catalogue: products, categories, certifications, public listing and imports."""

from flask import Blueprint

bp = Blueprint("catalogue", __name__)

from marketplace.catalogue import views_import, views_manage, views_public  # noqa: E402,F401
