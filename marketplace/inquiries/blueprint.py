"""The inquiries blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint
from flask_limiter import RateLimitExceeded

bp = Blueprint("inquiries", __name__)

from marketplace.inquiries import limits, templating, views, views_rfq, views_staff, work  # noqa: E402,F401

bp.register_error_handler(RateLimitExceeded, limits.too_many)
