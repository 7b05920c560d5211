"""Organisers' pages: the inquiry dashboard with its charts, reported threads, hidden requests."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.catalogue.groups import PRODUCT_GROUPS
from marketplace.inquiries import queries, spam, stats
from marketplace.inquiries.blueprint import bp
from marketplace.inquiries.forms import ActionForm
from marketplace.inquiries.models import PENDING
from marketplace.inquiries.permissions import can_moderate

# Chart geometry in SVG user units; the drawing scales to the screen's width.
WIDTH, LABEL_WIDTH, ROW, BAR_HEIGHT = 340, 150, 26, 18
MONTH_CHART_HEIGHT, MONTH_TOP, MONTH_BOTTOM = 180, 16, 30


def month_chart(months: list) -> dict:
    """Vertical bars, one per month: [((year, month), count), ...] oldest first."""
    top = max((n for _m, n in months), default=0) or 1
    step = (WIDTH - 8) / max(len(months), 1)
    plot = MONTH_CHART_HEIGHT - MONTH_TOP - MONTH_BOTTOM
    bars = []
    for i, ((year, month), n) in enumerate(months):
        height = round(plot * n / top) if n else 0
        x = round(4 + i * step + step * 0.15, 1)
        bars.append(
            {
                "label": f"{month:02d}/{year}",
                "short": f"{month:02d}",
                "count": n,
                "x": x,
                "width": round(step * 0.7, 1),
                "y": MONTH_TOP + plot - height,
                "height": height,
                "mid": round(x + step * 0.35, 1),
            }
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": MONTH_CHART_HEIGHT,
        "base": MONTH_TOP + plot,
        "label_y": MONTH_CHART_HEIGHT - 12,
    }


def group_chart(counts: dict) -> dict:
    """Horizontal bars, one per CNNT product group, then threads that name no group."""
    rows = [(str(g.label), counts.get(g.number, 0)) for g in PRODUCT_GROUPS]
    rows.append((_("Not about one product"), counts.get(None, 0)))
    top = max((n for _l, n in rows), default=0) or 1
    bar_max = WIDTH - LABEL_WIDTH - 40
    bars = []
    for i, (label, n) in enumerate(rows):
        width = round(bar_max * n / top) if n else 0
        y = 8 + i * ROW
        short = label if len(label) <= 22 else label[:21] + "…"
        bars.append(
            {
                "label": label,
                "short": short,
                "count": n,
                "y": y,
                "width": width,
                "text_y": y + BAR_HEIGHT - 4,
                "count_x": LABEL_WIDTH + width + 5,
            }
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": 16 + len(rows) * ROW,
        "label_x": LABEL_WIDTH - 6,
        "bar_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def _staff_only():
    if not can_moderate(current_user):
        abort(403)


@bp.route("/inquiries/dashboard")
@login_required
def dashboard():
    _staff_only()
    counts = stats.dashboard_counts()
    return render_template(
        "inquiries/dashboard.html",
        counts=counts,
        months=month_chart(counts["months"]),
        groups=group_chart(counts["groups"]),
        reported=len(queries.reported_threads()),
        hidden=len(queries.hidden_requests()),
    )


@bp.route("/inquiries/reported")
@login_required
def reported():
    _staff_only()
    return render_template(
        "inquiries/reported.html",
        rows=queries.reported_threads(),
        reviews=spam.pending_reviews(),
        hidden=queries.hidden_requests(),
        action_form=ActionForm(),
        spam_limit=spam.SPAM_LIMIT,
        days=spam.STANDING_DAYS,
    )


@bp.route("/inquiries/spam-reviews/<int:review_id>/<any(block, dismiss):decision>", methods=["POST"])
@login_required
def decide_spam_review(review_id: int, decision: str):
    """Staff confirm the block of a reported buyer, or dismiss the reports: only a person blocks."""
    _staff_only()
    review = spam.get_review(review_id)
    if review is None or review.status != PENDING:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    if decision == "block":
        spam.confirm_block(review, current_user)
        message = _("The buyer is blocked for %(n)s days.", n=spam.STANDING_DAYS)
    else:
        spam.dismiss_review(review, current_user)
        message = _("The reports are dismissed; the buyer is not blocked.")
    flash(message, "success")
    return redirect(url_for("inquiries.reported"))


@bp.route("/inquiries/<int:inquiry_id>/dismiss-report", methods=["POST"])
@login_required
def dismiss_report(inquiry_id: int):
    _staff_only()
    inquiry = queries.get_thread(inquiry_id)
    if inquiry is None or inquiry.spam_reported_at is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    spam.dismiss_report(inquiry, current_user)
    flash(_("The report was dismissed; the producer sees the conversation again."), "success")
    return redirect(url_for("inquiries.reported"))
