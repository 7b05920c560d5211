"""Jurors score their assigned entries: drafts, submission (then locked), conflicts of interest."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.awards import queries, rules
from marketplace.awards import services_jury as jury
from marketplace.awards.blueprint import bp
from marketplace.awards.errors import AwardError
from marketplace.awards.forms import DOCUMENT_LABELS, EmptyForm, ReasonForm
from marketplace.awards.loading import own_sheet, refusable
from marketplace.awards.models import SHEET_SUBMITTED
from marketplace.core.permissions import JUROR, has_role


@bp.route("/jury/")
@login_required
def jury_home():
    if not has_role(current_user, JUROR):
        abort(403)
    return render_template("awards/jury/index.html", sheets=queries.sheets_of_juror(current_user))


def _others(sheet) -> list:
    """Other jurors' submitted totals: hidden while judging is open, shown once it has closed."""
    if sheet.nomination.programme.phase in (rules.DRAFT, rules.NOMINATION, rules.SCREENING, rules.JUDGING):
        return []
    return [s for s in sheet.nomination.sheets if s.id != sheet.id and s.status == SHEET_SUBMITTED]


def _sheet_page(sheet, values: dict, comments: dict, overall: str | None, error: AwardError | None = None):
    programme = sheet.nomination.programme
    page = render_template(
        "awards/jury/sheet.html",
        sheet=sheet,
        nomination=sheet.nomination,
        programme=programme,
        values=values,
        comments=comments,
        overall=overall,
        error=error,
        button=EmptyForm(),
        conflict=ReasonForm(formdata=None),
        labels=DOCUMENT_LABELS,
        others=_others(sheet),
        open=programme.phase == rules.JUDGING and not sheet.is_locked,
    )
    return page, error.status if error else 200


def _posted(sheet) -> tuple[dict, dict]:
    criteria = sheet.nomination.programme.criteria
    return (
        {c.id: request.form.get(f"points-{c.id}", "")[:10] for c in criteria},
        {c.id: request.form.get(f"comment-{c.id}", "")[:500] for c in criteria},
    )


@bp.route("/jury/sheets/<int:sheet_id>", methods=["GET", "POST"])
@login_required
def jury_sheet(sheet_id: int):
    sheet = own_sheet(sheet_id)
    if request.method == "GET":
        scores = {s.criterion_id: s for s in sheet.scores}
        values = {cid: f"{s.points.normalize():f}" for cid, s in scores.items()}
        return _sheet_page(sheet, values, {cid: s.comment or "" for cid, s in scores.items()}, sheet.comments)
    if not EmptyForm().validate_on_submit():
        abort(400)
    values, comments = _posted(sheet)
    overall = request.form.get("overall", "")[:5000]
    try:
        with refusable():
            jury.score_entry(sheet, values, comments, overall, current_user)
            if request.form.get("action") == "submit":
                jury.submit_sheet(sheet, current_user)
    except AwardError as error:
        return _sheet_page(sheet, values, comments, overall, error)
    if sheet.is_locked:
        flash(_("Your scores for %(code)s are submitted.", code=sheet.nomination.code), "success")
        return redirect(url_for("awards.jury_home"), code=303)
    flash(_("Your draft is saved."), "success")
    return redirect(url_for("awards.jury_sheet", sheet_id=sheet.id), code=303)


@bp.route("/jury/sheets/<int:sheet_id>/conflict", methods=["POST"])
@login_required
def jury_conflict(sheet_id: int):
    sheet = own_sheet(sheet_id)
    form = ReasonForm()
    error = (
        None if form.validate_on_submit() else AwardError(_("Say briefly what the conflict of interest is."), "reason")
    )
    if error is None:
        try:
            with refusable():
                jury.declare_conflict(sheet, form.reason.data, current_user)
        except AwardError as refused:
            error = refused
    if error is not None:
        # The sheet again, the reason on top: the juror's draft scores are as they were saved.
        scores = {s.criterion_id: s for s in sheet.scores}
        return _sheet_page(
            sheet,
            {cid: f"{s.points.normalize():f}" for cid, s in scores.items()},
            {cid: s.comment or "" for cid, s in scores.items()},
            sheet.comments,
            error,
        )
    flash(_("Your conflict of interest is recorded; the entry is withdrawn from your list."), "success")
    return redirect(url_for("awards.jury_home"), code=303)
