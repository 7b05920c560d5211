"""Organisers' jury and results pages: appoint, assign, follow progress, reopen, decide, approve, publish."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.accounts.services import find_by_email
from marketplace.awards import notifications, queries
from marketplace.awards import services_jury as jury
from marketplace.awards import services_programmes as programmes
from marketplace.awards import services_results as results
from marketplace.awards.blueprint import bp
from marketplace.awards.confirm import confirm_page
from marketplace.awards.errors import AwardError
from marketplace.awards.forms import (
    AppointForm,
    ApprovalForm,
    AssignForm,
    DecisionForm,
    EmptyForm,
    ReasonForm,
)
from marketplace.awards.loading import managed_nomination, managed_programme, refusable
from marketplace.awards.models import ScoreSheet
from marketplace.awards.permissions import can_manage_programme
from marketplace.core.forms import show_refusal
from marketplace.core.refusals import Refusal
from marketplace.extensions import db

PREFIX = "/manage"


def _jury_page(programme, appoint: AppointForm, status: int = 200, refusal: Refusal | None = None):
    sheets = list(
        db.session.scalars(
            select(ScoreSheet)
            .join(ScoreSheet.nomination)
            .where(ScoreSheet.nomination.has(programme_id=programme.id))
            .order_by(ScoreSheet.nomination_id, ScoreSheet.juror_id)
        )
    )
    page = render_template(
        "awards/manage/jury.html",
        programme=programme,
        appoint=appoint,
        assign=AssignForm(formdata=None),
        reopen=ReasonForm(formdata=None),
        progress=queries.jury_progress(programme),
        sheets=sheets,
        refusal=refusal,
    )
    return page, status


def _jury_refusal(programme, message, status: int):
    """A refused jury action: the jury page again, the reason on top (nothing was written)."""
    return _jury_page(programme, AppointForm(formdata=None), status, Refusal(str(message)))


def _results_page(programme, status: int = 200, refusal: Refusal | None = None):
    page = render_template(
        "awards/manage/results.html",
        programme=programme,
        groups=queries.compute_results(programme),
        decision=DecisionForm(formdata=None),
        approval=ApprovalForm(formdata=None),
        button=EmptyForm(),
        refusal=refusal,
    )
    return page, status


def _results_refusal(programme, message, status: int):
    return _results_page(programme, status, Refusal(str(message)))


@bp.route(f"{PREFIX}/<int:programme_id>/jury", methods=["GET", "POST"])
@login_required
def manage_jury(programme_id: int):
    programme = managed_programme(programme_id)
    form = AppointForm()
    if form.validate_on_submit():
        try:
            with refusable():
                juror = jury.appoint_juror(
                    programme,
                    find_by_email(form.email.data),
                    form.group.data,
                    current_user,
                    commune_code=(form.commune_code.data or "").strip() or None,
                )
        except AwardError as error:
            show_refusal(form, error)
            return _jury_page(programme, form, error.status)
        notifications.juror_appointed(juror)
        flash(_("The juror is appointed."), "success")
        return redirect(url_for("awards.manage_jury", programme_id=programme.id), code=303)
    return _jury_page(programme, form, 422 if form.is_submitted() else 200)


@bp.route(f"{PREFIX}/<int:programme_id>/assign", methods=["POST"])
@login_required
def manage_assign(programme_id: int):
    programme = managed_programme(programme_id)
    form = AssignForm()
    if not form.validate_on_submit():
        return _jury_refusal(programme, _("Choose how to assign the entries."), 422)
    try:
        with refusable():
            added = jury.assign_entries(programme, form.mode.data, current_user)
    except AwardError as error:
        return _jury_refusal(programme, error, error.status)
    notifications.entries_assigned(added)
    flash(_("%(n)s score sheets were assigned.", n=len(added)), "success")
    return redirect(url_for("awards.manage_jury", programme_id=programme.id), code=303)


@bp.route(f"{PREFIX}/sheets/<int:sheet_id>/reopen", methods=["POST"])
@login_required
def manage_reopen(sheet_id: int):
    if not can_manage_programme(current_user):
        abort(403)
    sheet = db.get_or_404(ScoreSheet, sheet_id)
    form = ReasonForm()
    programme = sheet.nomination.programme
    if not form.validate_on_submit():
        return _jury_refusal(programme, _("Give the reason for reopening the sheet."), 422)
    try:
        with refusable():
            jury.reopen_sheet(sheet, form.reason.data, current_user)
    except AwardError as error:
        return _jury_refusal(programme, error, error.status)
    notifications.sheet_reopened(sheet, form.reason.data.strip())
    flash(_("The sheet is reopened; the juror can correct it."), "success")
    return redirect(url_for("awards.manage_jury", programme_id=sheet.nomination.programme_id), code=303)


@bp.route(f"{PREFIX}/<int:programme_id>/results")
@login_required
def manage_results(programme_id: int):
    return _results_page(managed_programme(programme_id))


@bp.route(f"{PREFIX}/nominations/<int:nomination_id>/decide", methods=["POST"])
@login_required
def manage_decide(nomination_id: int):
    nomination = managed_nomination(nomination_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return _results_refusal(nomination.programme, _("Choose a decision."), 422)
    try:
        with refusable():
            results.decide_entry(nomination, form.award_value(), form.note.data, current_user)
    except AwardError as error:
        return _results_refusal(nomination.programme, error, error.status)
    flash(_("Entry %(code)s: decision recorded.", code=nomination.code), "success")
    return redirect(url_for("awards.manage_results", programme_id=nomination.programme_id), code=303)


@bp.route(f"{PREFIX}/<int:programme_id>/approve", methods=["POST"])
@login_required
def manage_approve(programme_id: int):
    programme = managed_programme(programme_id)
    form = ApprovalForm()
    if not form.validate_on_submit():
        return _results_refusal(programme, _("Give the council's minutes or decision reference."), 422)
    try:
        with refusable():
            programmes.record_council_approval(programme, form.reference.data, current_user)
    except AwardError as error:
        return _results_refusal(programme, error, error.status)
    flash(_("The council's approval is recorded."), "success")
    return redirect(url_for("awards.manage_results", programme_id=programme.id), code=303)


@bp.route(f"{PREFIX}/<int:programme_id>/publish", methods=["GET", "POST"])
@login_required
def manage_publish(programme_id: int):
    """GET: what publishing will do and what was checked; POST: publish, the early end of a vote confirmed."""
    programme = managed_programme(programme_id)
    step = results.publish_step(programme)
    action, title = url_for("awards.manage_publish", programme_id=programme.id), _("Publish the results")
    if request.method == "GET":
        return confirm_page(programme, step, action, title, title)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        with refusable():
            issued = results.publish_results(programme, current_user, confirmed=request.form.getlist("confirm"))
    except AwardError as error:
        return confirm_page(programme, step, action, title, title, error, error.status)
    notifications.results_published(programme)
    flash(
        ngettext(
            "The results are published; %(num)d certificate was issued.",
            "The results are published; %(num)d certificates were issued.",
            len(issued),
        ),
        "success",
    )
    return redirect(url_for("awards.results", programme_id=programme.id), code=303)
