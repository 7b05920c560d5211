"""The organiser's floor-plan editor: rows of booths, CSV import, and changes to selected booths."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from sqlalchemy import select

from marketplace.core.forms import show_refusal
from marketplace.extensions import db
from marketplace.fairs import organise, plan_import, queries
from marketplace.fairs.blueprint import bp
from marketplace.fairs.forms import BoothActionForm, BoothRowForm, HallForm, PlanImportForm, options
from marketplace.fairs.loading import managed_fair, managed_hall
from marketplace.fairs.models import Booth

PREFIX = "/manage/<int:fair_id>/halls/<int:hall_id>"
MAX_CSV_BYTES = 1024 * 1024


def _type_choices(fair):
    return options((t.id, f"{t.name} ({t.code}, {t.width_m:g} × {t.depth_m:g} m)") for t in fair.booth_types)


def _plan_page(fair, hall, row_form=None, import_form=None, action_form=None, hall_form=None, status=200, report=None):
    row_form = row_form or BoothRowForm(formdata=None)
    action_form = action_form or BoothActionForm(formdata=None)
    row_form.booth_type.choices = action_form.booth_type.choices = _type_choices(fair)
    plan = next(p for p in queries.fair_plan(fair) if p.hall.id == hall.id)
    return render_template(
        "fairs/manage/plan.html",
        fair=fair,
        hall=hall,
        plan=plan,
        row_form=row_form,
        tab="plan",
        import_form=import_form or PlanImportForm(formdata=None),
        action_form=action_form,
        hall_form=hall_form or HallForm(formdata=None, obj=hall),
        report=report,
        plan_example=plan_import.example_csv(fair.booth_types),
    ), status


@bp.route(PREFIX)
@login_required
def hall_plan(fair_id: int, hall_id: int):
    fair = managed_fair(fair_id)
    return _plan_page(fair, managed_hall(fair, hall_id))


@bp.route(f"{PREFIX}/size", methods=["POST"])
@login_required
def hall_edit(fair_id: int, hall_id: int):
    fair = managed_fair(fair_id)
    hall = managed_hall(fair, hall_id)
    form = HallForm()
    if not form.validate_on_submit():
        return _plan_page(fair, hall, hall_form=form, status=422)
    try:
        organise.save_hall(fair, form.data, hall)  # refuses before changing the hall: its booths must fit
    except organise.PlanError as error:
        show_refusal(form, error)
        return _plan_page(fair, hall, hall_form=form, status=error.status)
    flash(_("Your changes are saved."), "success")
    return redirect(url_for("fairs.hall_plan", fair_id=fair.id, hall_id=hall.id), code=303)


@bp.route(f"{PREFIX}/rows", methods=["POST"])
@login_required
def hall_row(fair_id: int, hall_id: int):
    fair = managed_fair(fair_id)
    hall = managed_hall(fair, hall_id)
    form = BoothRowForm()
    form.booth_type.choices = _type_choices(fair)
    if not form.validate_on_submit():
        return _plan_page(fair, hall, row_form=form, status=422)
    booth_type = next(t for t in fair.booth_types if t.id == form.booth_type.data)
    try:
        booths = organise.add_booth_row(hall, booth_type, form.data)
    except organise.PlanError as error:
        show_refusal(form, error)
        return _plan_page(fair, hall, row_form=form, status=error.status)
    flash(
        ngettext(
            "%(num)d booth added: %(first)s to %(last)s.",
            "%(num)d booths added: %(first)s to %(last)s.",
            len(booths),
            first=booths[0].code,
            last=booths[-1].code,
        ),
        "success",
    )
    return redirect(url_for("fairs.hall_plan", fair_id=fair.id, hall_id=hall.id), code=303)


@bp.route(f"{PREFIX}/import", methods=["POST"])
@login_required
def hall_import(fair_id: int, hall_id: int):
    fair = managed_fair(fair_id)
    hall = managed_hall(fair, hall_id)
    form = PlanImportForm()
    if not form.validate_on_submit():
        return _plan_page(fair, hall, import_form=form, status=422)
    raw = form.plan.data.read(MAX_CSV_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or len(raw) > MAX_CSV_BYTES:
        form.plan.errors.append(_("Send a CSV file in UTF-8 of at most 1 MB."))
        return _plan_page(fair, hall, import_form=form, status=422)
    report = plan_import.import_plan(hall, text)
    if report.errors:  # import_plan wrote nothing (it checks every line first)
        return _plan_page(fair, hall, import_form=form, status=422, report=report)
    flash(
        _(
            "Plan imported: %(created)s booths created, %(updated)s updated, %(unchanged)s unchanged.",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        ),
        "success",
    )
    return redirect(url_for("fairs.hall_plan", fair_id=fair.id, hall_id=hall.id), code=303)


@bp.route(f"{PREFIX}/booths", methods=["POST"])
@login_required
def hall_booths(fair_id: int, hall_id: int):
    fair = managed_fair(fair_id)
    hall = managed_hall(fair, hall_id)
    form = BoothActionForm()
    form.booth_type.choices = _type_choices(fair)
    form.booths.choices = options((b.id, b.code) for b in hall.booths)
    if not form.validate_on_submit():
        return _plan_page(fair, hall, action_form=form, status=422)
    booths = list(db.session.scalars(select(Booth).where(Booth.hall_id == hall.id, Booth.id.in_(form.booths.data))))
    booth_type = next((t for t in fair.booth_types if t.id == form.booth_type.data), None)
    try:
        count = organise.change_booths(booths, form.action.data, booth_type)
    except organise.PlanError as error:
        show_refusal(form, error)
        return _plan_page(fair, hall, action_form=form, status=error.status)
    flash(ngettext("%(num)d booth changed.", "%(num)d booths changed.", count), "success")
    return redirect(url_for("fairs.hall_plan", fair_id=fair.id, hall_id=hall.id), code=303)
