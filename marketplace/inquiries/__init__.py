"""Partner inquiries: buyers reach producers, threads, quotes and the buying-request board."""

from flask import Blueprint

bp = Blueprint("inquiries", __name__)

from marketplace.inquiries import views  # noqa: E402,F401  (routes attach themselves to bp)
