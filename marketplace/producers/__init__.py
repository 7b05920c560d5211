"""Producers (cơ sở CNNT): profiles, the accounts that act for them, and the public directory."""

from flask import Blueprint

bp = Blueprint("producers", __name__, url_prefix="/producers")
