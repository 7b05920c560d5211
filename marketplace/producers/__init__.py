"""Producers (cơ sở CNNT): profiles, the accounts that act for them, and the public directory."""

from flask import Blueprint

bp = Blueprint("producers", __name__, url_prefix="/producers")

from marketplace.producers import views_manage, views_public  # noqa: E402,F401
