"""Badge pages: an exhibitor names its staff and prints their badges; the organisers print every badge
of a fair; any signed-in account shows its own visitor badge."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.core.downloads import attachment
from marketplace.core.forms import show_refusal
from marketplace.core.templating import account_link
from marketplace.extensions import db
from marketplace.fairs.blueprint import bp
from marketplace.fairs.loading import managed_fair, visible_fair
from marketplace.fairs.onsite import badges, badges_pdf, qr
from marketplace.fairs.onsite.codes import VISITOR, badge_code
from marketplace.fairs.onsite.forms import StaffBadgeForm
from marketplace.fairs.onsite.models import ExhibitorBadge
from marketplace.fairs.onsite.permissions import badge_producers, can_name_staff

account_link("fairs.visitor_badge", _l("My visitor badge"), lambda user: getattr(user, "is_authenticated", False))


def _layout() -> str:
    layout = request.args.get("layout", badges_pdf.A6)
    return layout if layout in badges_pdf.LAYOUTS else badges_pdf.A6


def _exhibitor(fair):
    """The exhibitor whose staff the page shows (`?producer=` among those the account acts for); 403
    for an account acting for no exhibitor of this fair."""
    mine = badge_producers(current_user, fair)
    if not mine:
        abort(403)
    wanted = request.values.get("producer", type=int)
    return next((p for p in mine if p.id == wanted), mine[0]), mine


# --- the exhibitor's staff ----------------------------------------------------------------------


@bp.route("/<int:fair_id>/badges", methods=["GET", "POST"])
@login_required
def staff_badges(fair_id: int):
    fair = visible_fair(fair_id)
    producer, producers = _exhibitor(fair)
    form = StaffBadgeForm()
    status = 200
    if form.validate_on_submit():
        try:
            badges.add_staff_badge(fair, producer, form.person_name.data, current_user)
        except badges.BadgeError as error:
            show_refusal(form, error)
            status = error.status
        else:
            flash(_("Badge added for %(name)s.", name=form.person_name.data.strip()), "success")
            return redirect(url_for("fairs.staff_badges", fair_id=fair.id, producer=producer.id), code=303)
    elif form.is_submitted():
        status = 422
    named = badges.badges_of(fair, producer)
    return render_template(
        "fairs/onsite/staff_badges.html",
        fair=fair,
        producer=producer,
        producers=producers,
        form=form,
        named=badges.printable(named, fair),
        cap=badges.badge_cap(fair, producer),
        count=len(named),
    ), status


@bp.route("/badges/<int:badge_id>/withdraw", methods=["POST"])
@login_required
def staff_badge_withdraw(badge_id: int):
    badge = db.session.get(ExhibitorBadge, badge_id)
    if badge is None or not can_name_staff(current_user, badge.fair, badge.producer):
        abort(404)
    fair_id, producer_id, name = badge.fair_id, badge.producer_id, badge.person_name
    badges.withdraw_staff_badge(badge)
    flash(_("The badge of %(name)s no longer opens the gate.", name=name), "success")
    return redirect(url_for("fairs.staff_badges", fair_id=fair_id, producer=producer_id), code=303)


@bp.route("/<int:fair_id>/badges.pdf")
@login_required
def staff_badges_pdf(fair_id: int):
    """The exhibitor's badges to print (`?layout=a6|a4`; `?badge=ID` for one of them)."""
    fair = visible_fair(fair_id)
    producer, _producers = _exhibitor(fair)
    named = badges.badges_of(fair, producer)
    one = request.args.get("badge", type=int)
    if one is not None:
        named = [badge for badge in named if badge.id == one]
        if not named:
            abort(404)
    body = badges_pdf.render_badges(badges.printable(named, fair), _layout())
    return attachment(body, "application/pdf", f"badges-fair-{fair.id}-{producer.id}-{_layout()}.pdf")


# --- the organisers' view -----------------------------------------------------------------------


@bp.route("/manage/<int:fair_id>/badges")
@login_required
def fair_badges(fair_id: int):
    fair = managed_fair(fair_id)
    return render_template("fairs/onsite/fair_badges.html", fair=fair, badges=badges.fair_badges(fair), tab="badges")


@bp.route("/manage/<int:fair_id>/badges.pdf")
@login_required
def fair_badges_pdf(fair_id: int):
    fair = managed_fair(fair_id)
    return attachment(
        badges_pdf.render_badges(badges.fair_badges(fair), _layout()),
        "application/pdf",
        f"badges-fair-{fair.id}-{_layout()}.pdf",
    )


# --- every account's visitor badge --------------------------------------------------------------


@bp.route("/my-badge")
@login_required
def visitor_badge():
    code = badge_code(VISITOR, current_user.id)
    return render_template(
        "fairs/onsite/visitor_badge.html", code=code, svg=qr.svg_inline(code, _("QR code of your visitor badge"))
    )
