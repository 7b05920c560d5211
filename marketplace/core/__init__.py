"""Shared foundations (models, i18n, security, mail, audit) and the site-wide pages."""

from flask import Blueprint

bp = Blueprint("core", __name__)

from marketplace.core import views  # noqa: E402,F401  (routes attach themselves to bp)
