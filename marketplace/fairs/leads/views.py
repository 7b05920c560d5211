"""Lead pages: the booth's scan page and exports for the exhibitor's staff, and "Shared at fairs" where
a buyer sees and withdraws what exhibitors scanned."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required

from marketplace.core.downloads import attachment
from marketplace.core.forms import show_refusal
from marketplace.core.permissions import BUYER, has_role
from marketplace.core.templating import account_link
from marketplace.extensions import db, limiter
from marketplace.fairs.blueprint import bp
from marketplace.fairs.leads import exports, queries, services
from marketplace.fairs.leads.forms import LeadForm
from marketplace.fairs.leads.models import Lead
from marketplace.fairs.leads.permissions import can_see_shared_leads, exhibitors_for, scan_limit
from marketplace.fairs.loading import visible_fair

account_link("fairs.shared_leads", _l("Shared at fairs"), lambda user: has_role(user, BUYER))

# The booth page may use the phone's camera (the site's default header forbids it everywhere else).
CAMERA_ALLOWED = "camera=(self), microphone=(), geolocation=()"


def _account_key() -> str:
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return f"address:{get_remote_address()}"


def _too_many() -> str:
    return _("You have scanned many badges in a short time. Please wait a minute and try again.")


def _exhibitor(fair):
    producers = exhibitors_for(current_user, fair)
    if not producers:
        abort(403)
    wanted = request.values.get("producer", type=int)
    return next((p for p in producers if p.id == wanted), producers[0]), producers


def _booth_page(fair, producer, producers, form, status=200):
    first, last = services.scanning_days(fair)
    response = Response(
        render_template(
            "fairs/leads/booth.html",
            fair=fair,
            producer=producer,
            producers=producers,
            form=form,
            leads=queries.leads_of(fair, producer),
            scanning=services.scanning_open(fair),
            first_day=first,
            last_day=last,
            has_products=bool(form.products.choices),
        ),
        status=status,
    )
    response.headers["Permissions-Policy"] = CAMERA_ALLOWED
    return response


@bp.route("/<int:fair_id>/leads", methods=["GET", "POST"])
@login_required
@limiter.limit(scan_limit, key_func=_account_key, methods=["POST"], error_message=_too_many)
def leads(fair_id: int):
    fair = visible_fair(fair_id)
    producer, producers = _exhibitor(fair)
    form = LeadForm()
    form.set_products(queries.catalogue_of(producer))
    if not form.validate_on_submit():
        return _booth_page(fair, producer, producers, form, 422 if form.is_submitted() else 200)
    try:
        lead = services.record_lead(
            fair, producer, current_user, form.code.data, form.products.data, form.note.data, form.stars
        )
    except services.LeadError as error:
        show_refusal(form, error)
        return _booth_page(fair, producer, producers, form, error.status)
    flash(_("Saved: %(name)s. The conversation is in your inquiries.", name=lead.buyer.display_name), "success")
    return redirect(url_for("fairs.leads", fair_id=fair.id, producer=producer.id), code=303)


@bp.route("/<int:fair_id>/leads.csv")
@login_required
def leads_csv(fair_id: int):
    fair = visible_fair(fair_id)
    producer, _producers = _exhibitor(fair)
    body = exports.leads_csv(queries.leads_of(fair, producer))
    return attachment(body, "text/csv; charset=utf-8", f"leads-fair-{fair.id}-producer-{producer.id}.csv")


@bp.route("/<int:fair_id>/leads.xlsx")
@login_required
def leads_xlsx(fair_id: int):
    fair = visible_fair(fair_id)
    producer, _producers = _exhibitor(fair)
    body = exports.leads_xlsx(queries.leads_of(fair, producer), f"{fair.name} · {producer.name}")
    return attachment(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"leads-fair-{fair.id}-producer-{producer.id}.xlsx",
    )


@bp.route("/shared-with-exhibitors")
@login_required
def shared_leads():
    if not can_see_shared_leads(current_user):
        abort(403)
    return render_template("fairs/leads/shared.html", leads=queries.shared_by(current_user))


@bp.route("/leads/<int:lead_id>/withdraw", methods=["POST"])
@login_required
def lead_withdraw(lead_id: int):
    lead = db.session.get(Lead, lead_id)
    if lead is None or lead.buyer_id != current_user.id:
        abort(404)  # someone else's lead: not even its existence is told
    exhibitor = lead.producer.name
    services.withdraw_lead(lead, current_user)
    flash(_("%(name)s no longer sees your name or email in its leads.", name=exhibitor), "success")
    return redirect(url_for("fairs.shared_leads"), code=303)
