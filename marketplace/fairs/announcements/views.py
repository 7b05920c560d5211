"""Public announcement pages: the list, one announcement, the Atom feed; producers' mail preferences
for calls and the unsubscribe link."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.awards.permissions import can_see_programme
from marketplace.core.i18n import current_language
from marketplace.core.models import utcnow
from marketplace.core.pagination import page_number
from marketplace.core.permissions import PRODUCER, has_role, is_staff
from marketplace.core.templating import account_link
from marketplace.extensions import db
from marketplace.fairs.announcements import feed, queries
from marketplace.fairs.announcements.forms import KIND_LABELS, CallPreferencesForm, ConfirmForm
from marketplace.fairs.announcements.mailing import read_unsubscribe_token
from marketplace.fairs.announcements.models import Announcement, CallSubscription
from marketplace.fairs.blueprint import bp
from marketplace.fairs.permissions import can_see_fair
from marketplace.producers.permissions import producers_of

account_link("fairs.call_preferences", _l("Email about calls (fairs, courses)"), lambda u: has_role(u, PRODUCER))
PREFIX = "/announcements"
SUMMARY_CHARS = 400


@bp.route(f"{PREFIX}/")
def announcements():
    page = queries.published_page(page_number(request.args.get("page")))
    return render_template("fairs/announcements/index.html", page=page, kind_labels=KIND_LABELS)


@bp.route(f"{PREFIX}/<int:announcement_id>")
def announcement(announcement_id: int):
    found = db.session.get(Announcement, announcement_id)
    if found is None or not (found.is_published or is_staff(current_user)):
        abort(404)
    return render_template(
        "fairs/announcements/announcement.html",
        announcement=found,
        kind_labels=KIND_LABELS,
        show_fair=found.fair is not None and can_see_fair(current_user, found.fair),
        show_programme=found.programme is not None and can_see_programme(current_user, found.programme),
    )


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"


@bp.route(f"{PREFIX}/feed.atom")
def announcements_feed():
    latest = queries.latest(30)
    entries = [
        {
            "url": url_for("fairs.announcement", announcement_id=a.id, _external=True),
            "title": a.title,
            "summary": _summary(a.body),
            "category": a.kind,
            "published": a.published_at,
            "updated": max(a.published_at, a.updated_at),
        }
        for a in latest
    ]
    body = feed.atom_feed(
        title=_("Announcements · CNNT Marketplace"),
        feed_url=url_for("fairs.announcements_feed", _external=True),
        page_url=url_for("fairs.announcements", _external=True),
        author=_("Industrial extension centre"),
        language=current_language(),
        entries=entries,
        updated=max((e["updated"] for e in entries), default=utcnow()),
    )
    return Response(body, mimetype="application/atom+xml", headers={"Cache-Control": "public, max-age=600"})


# --- producers' mail about calls ----------------------------------------------------------------


def _preferences_form(subscription: CallSubscription | None, provinces: list[str], groups: list[int]):
    if request.method == "POST":
        form = CallPreferencesForm()
    elif subscription is None:  # first visit: their own provinces and groups, ready to switch on
        form = CallPreferencesForm(formdata=None, active=False, provinces=provinces, groups=groups)
    else:
        form = CallPreferencesForm(
            formdata=None,
            active=subscription.active,
            groups=subscription.groups,
            provinces=[p for p in subscription.provinces if p in provinces],
        )
    form.set_choices(provinces)
    return form


@bp.route(f"{PREFIX}/preferences", methods=["GET", "POST"])
@login_required
def call_preferences():
    if not has_role(current_user, PRODUCER):
        abort(403)
    provinces, groups = queries.provinces_and_groups(producers_of(current_user))
    subscription = db.session.get(CallSubscription, current_user.id)
    form = _preferences_form(subscription, provinces, groups)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("fairs/announcements/preferences.html", form=form, subscription=subscription), status
    if subscription is None:
        subscription = CallSubscription(user_id=current_user.id)
        db.session.add(subscription)
    subscription.active = form.active.data
    subscription.provinces, subscription.groups = list(form.provinces.data or []), list(form.groups.data or [])
    flash(_("Your choice is saved.") if form.active.data else _("We will not email you calls."), "success")
    return redirect(url_for("fairs.call_preferences"), code=303)


@bp.route(f"{PREFIX}/unsubscribe/<token>", methods=["GET", "POST"])
def call_unsubscribe(token: str):
    """From the link in every call mail: no login needed; a button (POST), since a GET changes nothing."""
    user = read_unsubscribe_token(token)
    if user is None:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("fairs/announcements/unsubscribe.html", form=form, email=user.email, done=False)
    subscription = db.session.get(CallSubscription, user.id)
    if subscription is not None:
        subscription.active = False
    return render_template("fairs/announcements/unsubscribe.html", form=form, email=user.email, done=True)
