"""Serves stored photos by their random key (to be completed by the public pages)."""

from flask import Blueprint

bp = Blueprint("media", __name__, url_prefix="/media")
