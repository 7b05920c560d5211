"""Organisers run a programme: create it, set its rules and criteria, move its phases, screen the dossiers."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.awards import notifications, queries, rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_programmes as programmes
from marketplace.awards.blueprint import bp
from marketplace.awards.confirm import confirm_page
from marketplace.awards.errors import AwardError
from marketplace.awards.forms import EmptyForm, ProgrammeForm, ScreeningForm, SettingsForm
from marketplace.awards.loading import managed_nomination, managed_programme, refusable
from marketplace.awards.models import SUBMITTED, Nomination
from marketplace.awards.permissions import can_manage_programme
from marketplace.core.forms import show_refusal
from marketplace.core.refusals import Refusal
from marketplace.extensions import db

PREFIX = "/manage"


@bp.route(f"{PREFIX}/", methods=["GET", "POST"])
@login_required
def manage():
    if not can_manage_programme(current_user):
        abort(403)
    form = ProgrammeForm(year=request.args.get("year", type=int) or 2026)
    if form.validate_on_submit():
        try:
            with refusable():
                programme = programmes.create_programme(
                    {
                        "name": form.name.data,
                        "year": form.year.data,
                        "level": form.level.data,
                        "area": form.area.data,
                        "groups": form.groups.data,
                    },
                    current_user,
                )
        except AwardError as error:
            show_refusal(form, error)
        else:
            flash(_("The programme is created. Check its rules and timeline, then open nominations."), "success")
            return redirect(url_for("awards.manage_programme", programme_id=programme.id), code=303)
    page = render_template("awards/manage/index.html", form=form, programmes=queries.visible_programmes(True))
    return page, 422 if form.is_submitted() else 200


def _dashboard(programme, form: SettingsForm, status: int = 200, criteria_error: str | None = None):
    counts = dict(
        db.session.execute(
            select(Nomination.status, db.func.count(Nomination.id))
            .where(Nomination.programme_id == programme.id)
            .group_by(Nomination.status)
        ).all()
    )
    page = render_template(
        "awards/manage/programme.html",
        programme=programme,
        form=form,
        button=EmptyForm(),
        counts=counts,
        next_phase=programmes.next_of(programme),
        criteria_editable=programme.phase in rules.CRITERIA_EDITABLE_PHASES,
        criteria_error=criteria_error,
    )
    return page, status


@bp.route(f"{PREFIX}/<int:programme_id>", methods=["GET", "POST"])
@login_required
def manage_programme(programme_id: int):
    programme = managed_programme(programme_id)
    form = SettingsForm()
    if request.method == "GET":
        form.fill_from(programme)
    elif form.validate_on_submit():
        try:
            with refusable():
                programmes.update_settings(programme, form.settings(), current_user)
        except AwardError as error:
            show_refusal(form, error)
            return _dashboard(programme, form, error.status)
        flash(_("The settings are saved."), "success")
        return redirect(url_for("awards.manage_programme", programme_id=programme.id), code=303)
    return _dashboard(programme, form, 422 if form.is_submitted() else 200)


@bp.route(f"{PREFIX}/<int:programme_id>/criteria", methods=["POST"])
@login_required
def manage_criteria(programme_id: int):
    programme = managed_programme(programme_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    rows = [
        {
            "id": c.id,
            "name": request.form.get(f"name-{c.id}", ""),
            "max_points": request.form.get(f"max-{c.id}", type=int),
        }
        for c in programme.criteria
    ]
    try:
        with refusable():
            programmes.set_criteria(programme, rows, current_user)
    except AwardError as error:
        form = SettingsForm(formdata=None)
        form.fill_from(programme)
        return _dashboard(programme, form, error.status, criteria_error=str(error))
    flash(_("The criteria sheet is saved."), "success")
    return redirect(url_for("awards.manage_programme", programme_id=programme.id) + "#criteria", code=303)


@bp.route(f"{PREFIX}/<int:programme_id>/advance", methods=["GET", "POST"])
@login_required
def manage_advance(programme_id: int):
    """GET: what moving on to the next phase will do; POST: do it, with the early closures confirmed."""
    programme = managed_programme(programme_id)
    step = programmes.advance_step(programme)
    if step.target == rules.PUBLISHED:
        return redirect(url_for("awards.manage_publish", programme_id=programme.id), code=303)
    action = url_for("awards.manage_advance", programme_id=programme.id)
    target = rules.PHASE_LABELS.get(step.target, "")
    title = _("Move on to: %(phase)s", phase=target) if step.target else _("Phase")
    if request.method == "GET":
        return confirm_page(programme, step, action, title, title)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        with refusable():
            phase = programmes.advance_phase(programme, current_user, confirmed=request.form.getlist("confirm"))
    except AwardError as error:
        return confirm_page(programme, step, action, title, title, error, error.status)
    flash(_("The programme is now in the phase: %(phase)s.", phase=rules.PHASE_LABELS[phase]), "success")
    return redirect(url_for("awards.manage_programme", programme_id=programme.id), code=303)


def _dossiers_page(programme, status: int = 200, refusal: Refusal | None = None):
    nominations = list(
        db.session.scalars(
            select(Nomination)
            .where(Nomination.programme_id == programme.id)
            .order_by(Nomination.status != SUBMITTED, Nomination.code)
        )
    )
    page = render_template(
        "awards/manage/dossiers.html",
        programme=programme,
        nominations=nominations,
        form=ScreeningForm(formdata=None),
        refusal=refusal,
        problems={n.id: dossiers.missing_for_submission(n) for n in nominations},
    )
    return page, status


@bp.route(f"{PREFIX}/<int:programme_id>/dossiers")
@login_required
def manage_dossiers(programme_id: int):
    return _dossiers_page(managed_programme(programme_id))


@bp.route(f"{PREFIX}/nominations/<int:nomination_id>/screen", methods=["POST"])
@login_required
def manage_screen(nomination_id: int):
    nomination = managed_nomination(nomination_id)
    form = ScreeningForm()
    if not form.validate_on_submit():
        return _dossiers_page(nomination.programme, 422, Refusal(_("Choose accept, return or reject.")))
    try:
        with refusable():
            dossiers.screen(nomination, form.decision.data, form.note.data, current_user)
    except AwardError as error:
        return _dossiers_page(
            nomination.programme,
            error.status,
            Refusal(_("Dossier %(code)s: %(reason)s", code=nomination.code, reason=str(error))),
        )
    notifications.dossier_screened(nomination)
    flash(_("Dossier %(code)s: decision recorded.", code=nomination.code), "success")
    return redirect(url_for("awards.manage_dossiers", programme_id=nomination.programme_id), code=303)
