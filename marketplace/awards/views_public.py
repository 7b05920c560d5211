"""Public awards pages: programmes, entries, the public vote, results, certificate verification and PDF."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.awards import badges, certificates, queries, rules
from marketplace.awards import services_voting as voting
from marketplace.awards.blueprint import bp
from marketplace.awards.errors import AwardError
from marketplace.awards.forms import VoteForm
from marketplace.awards.loading import client_ip, commit_when_not_busy, visible_programme
from marketplace.awards.models import Certificate, Nomination, Vote
from marketplace.awards.permissions import can_manage_programme, can_see_results, can_vote, is_juror_of_programme
from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.core.cache import AWARDS, CATALOGUE
from marketplace.core.i18n import current_language, format_date
from marketplace.core.pagecache import kept_for_visitors
from marketplace.core.refusals import Refusal
from marketplace.core.routing import MAX_ID
from marketplace.extensions import db, limiter
from marketplace.producers.permissions import producers_of


def _vote_key() -> str:
    return f"user:{current_user.get_id()}" if current_user.is_authenticated else (request.remote_addr or "")


@bp.app_template_global()
def award_phase_label(phase: str) -> str:
    return str(rules.PHASE_LABELS.get(phase, phase))


@bp.app_template_global()
def award_level_label(level: str) -> str:
    return str(rules.LEVEL_LABELS.get(level, level))


@bp.app_template_global()
def standout_badges(product) -> list[badges.Badge]:
    """For the catalogue's product page (awards/_product_badge.html): the titles to show today."""
    return badges.standout_badges(product)


@bp.app_template_global()
def award_group_name(number: int) -> str:
    """The circular's own wording on Vietnamese pages, the translation elsewhere."""
    group = GROUPS_BY_NUMBER.get(number)
    if group is None:
        return str(number)
    return group.name_vi if current_language() == "vi" else group.name


DOSSIER_STATUS_LABELS = {
    "draft": _l("Being prepared"),
    "submitted": _l("Submitted, waiting for screening"),
    "returned": _l("Returned for completion"),
    "accepted": _l("Accepted"),
    "rejected": _l("Rejected"),
}
SHEET_STATUS_LABELS = {"assigned": _l("To score"), "draft": _l("Draft"), "submitted": _l("Submitted")}


@bp.app_template_global()
def dossier_status_label(status: str) -> str:
    return str(DOSSIER_STATUS_LABELS.get(status, status))


@bp.app_template_global()
def sheet_status_label(status: str) -> str:
    return str(SHEET_STATUS_LABELS.get(status, status))


@bp.route("/")
@kept_for_visitors(seconds=60, versions=(AWARDS,))
def index():
    programmes = queries.visible_programmes(staff=can_manage_programme(current_user))
    return render_template("awards/index.html", programmes=programmes, can_manage=can_manage_programme(current_user))


def _my_votes(programme) -> dict[int, Vote]:
    if not current_user.is_authenticated:
        return {}
    votes = db.session.scalars(
        db.select(Vote).where(Vote.programme_id == programme.id, Vote.user_id == current_user.id)
    )
    return {vote.group_number: vote for vote in votes}


def _programme_page(programme, refusal: Refusal | None = None, status: int = 200):
    listing = queries.nominations_for(current_user, programme)
    entries = {g: [n for n in listing.entries if n.group_number == g] for g in programme.groups}
    entries = entries if listing.entries else {}
    page = render_template(
        "awards/programme.html",
        programme=programme,
        entries=entries,
        voting_open=programme.voting_open(),
        show_status=listing.screening,
        my_votes=_my_votes(programme),
        can_vote=can_vote(current_user, programme),
        juror=is_juror_of_programme(current_user, programme),
        can_nominate=programme.phase == rules.NOMINATION and bool(producers_of(current_user)),
        can_manage=can_manage_programme(current_user),
        results_public=programme.phase == rules.PUBLISHED,
        refusal=refusal,
    )
    return page, status


@bp.route("/<int:programme_id>")
# Where the public goes to vote: a crowd when the vote is announced. Entries show their products.
@kept_for_visitors(seconds=60, versions=(CATALOGUE, AWARDS))
def programme(programme_id: int):
    return _programme_page(visible_programme(programme_id))


@bp.route("/<int:programme_id>/vote", methods=["POST"])
@login_required
@limiter.limit("20 per minute", key_func=_vote_key)  # per account
@limiter.limit("300 per hour")  # per address: generous, as many phones share one carrier address
def vote(programme_id: int):
    programme = visible_programme(programme_id)
    form = VoteForm()
    if not form.validate_on_submit() or not str(form.nomination_id.data).isdigit():
        abort(400)
    nomination = db.session.get(Nomination, min(int(form.nomination_id.data), MAX_ID))
    if nomination is None:
        abort(404)
    user, ip = current_user._get_current_object(), client_ip()
    try:
        commit_when_not_busy(lambda: voting.cast_vote(programme, nomination, user, ip=ip))
    except AwardError as error:
        # A stale tab (already voted, vote closed): the programme as it is now, with the reason on top
        # (the vote is refused before anything is written).
        anchor = f"#group-{nomination.group_number}" if nomination.programme_id == programme.id else ""
        refusal = Refusal(
            str(error),
            url_for("awards.programme", programme_id=programme.id) + anchor,
            _("See the programme as it is now"),
        )
        return _programme_page(programme, refusal, error.status)
    flash(_("Thank you: your vote for %(name)s is counted.", name=nomination.product.name), "success")
    return redirect(
        url_for("awards.programme", programme_id=programme.id) + f"#group-{nomination.group_number}", code=303
    )


@bp.route("/<int:programme_id>/results")
def results(programme_id: int):
    programme = visible_programme(programme_id)
    if not can_see_results(current_user, programme):
        # Not a matter of permission: there is nothing public to show yet (404), and the page says when.
        planned = programme.results_on
        message = (
            _("The results are not yet published; they are planned for %(date)s.", date=format_date(planned))
            if planned
            else _("The results are not yet published.")
        )
        return _programme_page(programme, Refusal(message), 404)
    if programme.phase == rules.PUBLISHED:
        groups, live = queries.published_results(programme), False
        finals = queries.published_finals(programme, groups)
    else:
        groups, live = queries.compute_results(programme), True
        finals = {r.nomination.id: r.final for rows in groups.values() for r in rows}
    certificates_by_entry = {
        c.nomination_id: c
        for c in db.session.scalars(
            db.select(Certificate)
            .join(Nomination, Certificate.nomination_id == Nomination.id)
            .where(Nomination.programme_id == programme.id)
        )
    }
    return render_template(
        "awards/results.html",
        programme=programme,
        groups=groups,
        live=live,
        certificates=certificates_by_entry,
        finals=finals,
    )


def _certificate(code: str) -> Certificate:
    certificate = db.session.scalar(db.select(Certificate).where(Certificate.code == code[:32]))
    if certificate is None:
        abort(404)
    return certificate


@bp.route("/verify/<code>")
def verify(code: str):
    certificate = _certificate(code)
    today = rules.today_in_vietnam()
    return render_template(
        "awards/verify.html",
        certificate=certificate,
        valid=certificate.is_valid_on(today),
        not_yet=today < certificate.issued_on,
    )


@bp.route("/certificates/<code>.pdf")
def certificate_pdf(code: str):
    certificate = _certificate(code)
    pdf = certificates.render_pdf(certificate, certificates.verify_url(certificate))
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response
