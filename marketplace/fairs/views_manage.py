"""The organiser's set-up pages: fairs, their settings and subsidy, booth types and halls."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.forms import show_refusal
from marketplace.core.refusals import Refusal
from marketplace.extensions import db
from marketplace.fairs import organise, queries, reports, rules
from marketplace.fairs.blueprint import bp
from marketplace.fairs.forms import KIND_LABELS, MODE_LABELS, BoothTypeForm, FairForm, HallForm
from marketplace.fairs.loading import managed_fair
from marketplace.fairs.models import BoothType
from marketplace.fairs.permissions import can_manage_fairs

PREFIX = "/manage"


@bp.route(f"{PREFIX}/")
@login_required
def manage_index():
    if not can_manage_fairs(current_user):
        abort(403)
    fairs = queries.all_fairs()
    return render_template(
        "fairs/manage/index.html", fairs=fairs, rules=rules, money={fair.id: reports.money(fair) for fair in fairs}
    )


def _fair_form_page(form, fair=None, status=200, refusal=None):
    return render_template(
        "fairs/manage/fair_form.html", form=form, fair=fair, tab="settings", mode_labels=MODE_LABELS, refusal=refusal
    ), status


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"])
@login_required
def fair_new():
    if not can_manage_fairs(current_user):
        abort(403)
    form = FairForm()
    if not form.is_submitted():
        for name in organise.SETTING_DEFAULTS:
            getattr(form, name).data = organise.setting_default(name)
    if not form.validate_on_submit():
        return _fair_form_page(form, status=422 if form.is_submitted() else 200)
    try:
        fair = organise.create_fair(form.values(), current_user)
    except organise.PlanError as error:
        show_refusal(form, error)
        return _fair_form_page(form, status=422)
    flash(_("The fair is saved as a draft. Add booth types and draw the floor plan, then publish it."), "success")
    return redirect(url_for("fairs.booth_types", fair_id=fair.id), code=303)


@bp.route(f"{PREFIX}/<int:fair_id>", methods=["GET", "POST"])
@login_required
def fair_edit(fair_id: int):
    fair = managed_fair(fair_id)
    form = FairForm(obj=fair)
    if not form.validate_on_submit():
        return _fair_form_page(form, fair, 422 if form.is_submitted() else 200)
    try:
        organise.update_fair(fair, form.values(), current_user)
    except organise.PlanError as error:
        show_refusal(form, error)
        return _fair_form_page(form, fair, 422)
    flash(_("Your changes are saved."), "success")
    return redirect(url_for("fairs.fair_edit", fair_id=fair.id), code=303)


def _fair_action(fair_id: int, action, message: str):
    """Publish, withdraw, close or reopen; a refusal is shown on the fair's settings page, answered
    with its 4xx (a redirect would commit what the action wrote before it refused)."""
    fair = managed_fair(fair_id)
    try:
        action(fair, current_user)
    except organise.PlanError as error:
        return _fair_form_page(FairForm(formdata=None, obj=fair), fair, error.status, Refusal(str(error)))
    flash(message, "success")
    return redirect(url_for("fairs.fair_edit", fair_id=fair.id), code=303)


@bp.route(f"{PREFIX}/<int:fair_id>/publish", methods=["POST"])
@login_required
def fair_publish(fair_id: int):
    return _fair_action(fair_id, organise.publish_fair, _("The fair is published."))


@bp.route(f"{PREFIX}/<int:fair_id>/withdraw", methods=["POST"])
@login_required
def fair_withdraw(fair_id: int):
    return _fair_action(
        fair_id,
        organise.withdraw_fair,
        _("The fair is withdrawn: it is a draft again, hidden from producers and buyers."),
    )


@bp.route(f"{PREFIX}/<int:fair_id>/close-registration", methods=["POST"])
@login_required
def fair_close_registration(fair_id: int):
    return _fair_action(
        fair_id, organise.close_registration, _("Registration is closed. Bookings already made are kept.")
    )


@bp.route(f"{PREFIX}/<int:fair_id>/reopen-registration", methods=["POST"])
@login_required
def fair_reopen_registration(fair_id: int):
    return _fair_action(fair_id, organise.reopen_registration, _("Registration is open again."))


# --- booth types ------------------------------------------------------------------------


def _types_page(fair, form, status=200, editing=None):
    return render_template(
        "fairs/manage/types.html", fair=fair, form=form, editing=editing, tab="types", kind_labels=KIND_LABELS
    ), status


@bp.route(f"{PREFIX}/<int:fair_id>/types", methods=["GET", "POST"])
@login_required
def booth_types(fair_id: int):
    fair = managed_fair(fair_id)
    form = BoothTypeForm()
    if not form.validate_on_submit():
        return _types_page(fair, form, 422 if form.is_submitted() else 200)
    try:
        organise.save_booth_type(fair, form.data)
    except organise.PlanError as error:
        show_refusal(form, error)
        return _types_page(fair, form, 422)
    flash(_("The booth type is added."), "success")
    return redirect(url_for("fairs.booth_types", fair_id=fair.id), code=303)


@bp.route(f"{PREFIX}/<int:fair_id>/types/<int:type_id>", methods=["GET", "POST"])
@login_required
def booth_type_edit(fair_id: int, type_id: int):
    fair = managed_fair(fair_id)
    booth_type = db.get_or_404(BoothType, type_id)
    if booth_type.fair_id != fair.id:
        abort(404)
    form = BoothTypeForm(obj=booth_type)
    if not form.validate_on_submit():
        return _types_page(fair, form, 422 if form.is_submitted() else 200, editing=booth_type)
    try:
        organise.save_booth_type(fair, form.data, booth_type)
    except organise.PlanError as error:
        show_refusal(form, error)
        return _types_page(fair, form, 422, editing=booth_type)
    flash(_("Your changes are saved."), "success")
    return redirect(url_for("fairs.booth_types", fair_id=fair.id), code=303)


# --- halls ------------------------------------------------------------------------------


@bp.route(f"{PREFIX}/<int:fair_id>/halls", methods=["GET", "POST"])
@login_required
def halls(fair_id: int):
    fair = managed_fair(fair_id)
    form = HallForm()
    if form.validate_on_submit():
        try:
            hall = organise.save_hall(fair, form.data)
        except organise.PlanError as error:
            show_refusal(form, error)
        else:
            flash(_("The hall is added. Now add its booths."), "success")
            return redirect(url_for("fairs.hall_plan", fair_id=fair.id, hall_id=hall.id), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "fairs/manage/halls.html", fair=fair, form=form, tab="plan", plans=queries.fair_plan(fair)
    ), status
