"""The fairs blueprint; importing it attaches the area's views (create_app does, nothing else)."""

from flask import Blueprint

bp = Blueprint("fairs", __name__, url_prefix="/fairs")

from marketplace.fairs import (  # noqa: E402,F401  (routes attach themselves to bp)
    home,
    views_booking,
    views_desk,
    views_exhibitors,
    views_manage,
    views_plan,
    views_public,
    views_reports,
    work,
)
from marketplace.fairs.announcements import home as announcements_home  # noqa: E402,F401
from marketplace.fairs.announcements import views as announcement_views  # noqa: E402,F401
from marketplace.fairs.announcements import views_manage as announcement_manage_views  # noqa: E402,F401
from marketplace.fairs.leads import views as lead_views  # noqa: E402,F401
from marketplace.fairs.meetings import views as meeting_views  # noqa: E402,F401
from marketplace.fairs.onsite import views_badges as onsite_badge_views  # noqa: E402,F401
from marketplace.fairs.onsite import views_gate as onsite_gate_views  # noqa: E402,F401
from marketplace.fairs.outcome import views as outcome_views  # noqa: E402,F401
