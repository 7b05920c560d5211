"""The organiser's vote page: the anomaly report on the programme's thresholds, every vote, voiding with a reason."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.awards import anomalies, queries
from marketplace.awards import services_programmes as programmes
from marketplace.awards import services_voting as voting
from marketplace.awards.blueprint import bp
from marketplace.awards.errors import AwardError
from marketplace.awards.forms import ThresholdsForm, VoidForm
from marketplace.awards.loading import managed_programme, refusable
from marketplace.awards.models import Vote
from marketplace.core.forms import show_refusal
from marketplace.core.pagination import page_number
from marketplace.core.refusals import Refusal
from marketplace.core.routing import MAX_ID
from marketplace.extensions import db

PREFIX = "/manage"


def _filters() -> dict:
    entry = request.args.get("entry", type=int)
    return {
        "nomination_id": entry if entry and 0 < entry <= MAX_ID else None,
        "ip": (request.args.get("ip") or "").strip()[:64] or None,
    }


def _votes_page(programme, thresholds: ThresholdsForm, status: int = 200, refusal: Refusal | None = None):
    filters = _filters()
    votes = queries.votes_page(programme, page_number(request.args.get("page")), **filters)
    args = {"entry": filters["nomination_id"], "ip": filters["ip"]}
    page = render_template(
        "awards/manage/votes.html",
        programme=programme,
        report=anomalies.report(programme),
        votes=votes,
        filters=filters,
        entries=queries.accepted_entries(programme),
        form=VoidForm(formdata=None),
        new_accounts={v.id for v in votes.items if anomalies.from_new_account(v, programme)},
        thresholds=thresholds,
        can_void=programme.phase == "voting",
        refusal=refusal,
        page_url=lambda n: (
            url_for(
                "awards.manage_votes",
                programme_id=programme.id,
                page=n if n > 1 else None,
                **{k: v for k, v in args.items() if v},
            )
            + "#all-votes"
        ),
    )
    return page, status


@bp.route(f"{PREFIX}/<int:programme_id>/votes", methods=["GET", "POST"])
@login_required
def manage_votes(programme_id: int):
    """GET: the report and the votes; POST: new thresholds for the report."""
    programme = managed_programme(programme_id)
    form = ThresholdsForm(formdata=request.form if request.method == "POST" else None, obj=programme)
    if request.method == "POST":
        if not form.validate():
            return _votes_page(programme, form, 422)
        try:
            with refusable():
                programmes.update_settings(programme, form.settings(), current_user)
        except AwardError as error:
            show_refusal(form, error)
            return _votes_page(programme, form, error.status)
        flash(_("The thresholds of the report are saved."), "success")
        return redirect(url_for("awards.manage_votes", programme_id=programme.id), code=303)
    return _votes_page(programme, form)


def _back(programme) -> str:
    """Back to the list the organiser was reading: its filters travel with the form."""
    entry = request.form.get("back_entry", type=int)
    ip = (request.form.get("back_ip") or "").strip()[:64]
    filters = {k: v for k, v in (("entry", entry), ("ip", ip)) if v}
    return url_for("awards.manage_votes", programme_id=programme.id, **filters) + "#all-votes"


@bp.route(f"{PREFIX}/<int:programme_id>/votes/void", methods=["POST"])
@login_required
def manage_void(programme_id: int):
    """Void one vote (vote_id) or every counted vote from one address (ip), with a reason."""
    programme = managed_programme(programme_id)
    form = VoidForm()
    if not form.validate_on_submit():
        return _votes_page(
            programme,
            ThresholdsForm(formdata=None, obj=programme),
            422,
            Refusal(_("Give the reason for voiding these votes.")),
        )
    vote_id = (form.vote_id.data or "").strip()
    try:
        with refusable():
            count = _void(programme, form, vote_id)
    except AwardError as error:
        return _votes_page(programme, ThresholdsForm(formdata=None, obj=programme), error.status, Refusal(str(error)))
    if count is None:
        return _votes_page(
            programme, ThresholdsForm(formdata=None, obj=programme), 422, Refusal(_("Choose the votes to void."))
        )
    flash(ngettext("%(num)d vote was voided.", "%(num)d votes were voided.", count), "success")
    return redirect(_back(programme), code=303)


def _void(programme, form: VoidForm, vote_id: str) -> int | None:
    """Void the vote named, or every counted vote from the address given; None when neither is."""
    if vote_id:
        vote = db.session.get(Vote, int(vote_id)) if vote_id.isdigit() and 0 < int(vote_id) <= MAX_ID else None
        if vote is None or vote.programme_id != programme.id:
            abort(404)
        voting.void_vote(programme, vote, form.reason.data, current_user)
        return 1
    if form.ip.data:
        votes = db.session.scalars(
            select(Vote).where(
                Vote.programme_id == programme.id, Vote.ip == form.ip.data[:64], Vote.voided_at.is_(None)
            )
        )
        return voting.void_votes(programme, list(votes), form.reason.data, current_user)
    return None
