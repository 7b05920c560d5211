"""What templates everywhere may ask of this area: the inbox badge, a producer's responsiveness badge,
status words, message HTML, and the home-page section of open buying requests."""

from datetime import date

from flask import g, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.core.home import home_section
from marketplace.core.permissions import is_staff
from marketplace.inquiries import queries, stats
from marketplace.inquiries.blueprint import bp
from marketplace.inquiries.text import message_html

STATUS_LABELS = {
    "new": _l("New"),
    "answered": _l("Answered"),
    "quoted": _l("Quoted"),
    "closed": _l("Closed"),
}
OUTCOME_LABELS = {"won": _l("deal agreed"), "lost": _l("no deal"), "no_reply": _l("no reply")}
CONTACT_LABELS = {"site": _l("Reply on the site"), "email": _l("By email"), "phone": _l("By phone")}
QUOTE_STATUS_LABELS = {"open": _l("Awaiting the buyer"), "accepted": _l("Accepted"), "declined": _l("Declined")}
BADGE_LABELS = {"hours": _l("Usually replies within a few hours"), "day": _l("Usually replies within a day")}


@bp.app_template_global()
def inquiry_nav() -> dict | None:
    """The inbox link with its unread count, for the signed-in buyer or producer (one query per page)."""
    if not getattr(current_user, "is_authenticated", False):
        return None
    if "inquiry_nav" not in g:
        if is_staff(current_user):
            url, unread = url_for("inquiries.dashboard"), 0
        elif queries.inbox_side(current_user) is not None:
            url, unread = url_for("inquiries.inbox"), queries.unread_count(current_user)
        else:
            url, unread = None, 0
        g.inquiry_nav = {"url": url, "unread": unread, "current": request.path == url} if url else None
    return g.inquiry_nav


@bp.app_template_global()
def responsiveness_badge(producer) -> str | None:
    """The promise a producer's page may make ("usually replies within a day"), or None."""
    badge = stats.responsiveness(producer.id).badge
    return str(BADGE_LABELS[badge]) if badge else None


@bp.app_template_global()
def inquiry_status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global()
def inquiry_outcome_label(outcome: str | None) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome or ""))


@bp.app_template_global()
def contact_preference_label(value: str) -> str:
    return str(CONTACT_LABELS.get(value, value))


@bp.app_template_global()
def quote_status_label(value: str) -> str:
    return str(QUOTE_STATUS_LABELS.get(value, value))


bp.add_app_template_filter(message_html, "message_html")


@home_section(25, "inquiries/_home.html")
def open_requests_section() -> dict | None:
    items, total = queries.open_requests(date.today(), per_page=3)
    return {"requests": items, "total": total} if items else None
