"""Saved searches' pages: save the search on the results page, list and delete them on the account,
and the unsubscribe link of the digest mail (no sign-in; GET asks, POST does)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.core.templating import account_link
from marketplace.extensions import db, limiter
from marketplace.search.saved import services
from marketplace.search.saved.blueprint import bp
from marketplace.search.saved.digest import read_unsubscribe_token
from marketplace.search.saved.forms import FREQUENCY_LABELS, ConfirmForm, SaveSearchForm
from marketplace.search.saved.models import SavedSearch
from marketplace.search.saved.queries import description, listing_args, listing_url, saved_searches_of

account_link("saved_searches.mine", _l("Saved searches (new products by email)"), lambda user: True)


@bp.app_template_global()
def saved_search_offer(state: dict) -> dict:
    """What the results page's "email me new products like these" form needs for the signed-in
    account: the form, and the saved search these words and filters already are, if any."""
    query, filters = services.normal_search(state.get("q"), state)
    existing = services.find_saved(current_user, query, filters)
    form = SaveSearchForm(formdata=None, **({"frequency": existing.frequency} if existing else {}))
    fields = {"q": query, **{k: v for k, v in state.items() if k in services.FILTER_KEYS and v not in (None, "")}}
    return {
        "form": form,
        "existing": existing,
        "fields": fields,
        "frequency": FREQUENCY_LABELS.get(existing.frequency) if existing else None,
    }


@bp.app_template_global()
def frequency_label(frequency: str) -> str:
    return str(FREQUENCY_LABELS.get(frequency, frequency))


@bp.route("/searches/saved", methods=["POST"])
@login_required
@limiter.limit("60 per hour", key_func=lambda: f"saved-search:{current_user.get_id()}")
def save():
    form = SaveSearchForm()
    if not form.validate_on_submit():
        raise services.SavedSearchError(_l("Choose daily or weekly."), "frequency")
    saved, created = services.save_search(current_user, request.form.get("q"), request.form, form.frequency.data)
    if created:
        flash(
            _(
                "Search saved. We will email you new products like these (%(how)s).",
                how=frequency_label(saved.frequency).lower(),
            ),
            "success",
        )
    else:
        flash(
            _("You already keep this search: it is now emailed %(how)s.", how=frequency_label(saved.frequency).lower()),
            "success",
        )
    return redirect(url_for("catalogue.products", **listing_args(saved)), code=303)


@bp.route("/account/saved-searches")
@login_required
def mine():
    searches = [
        {"saved": s, "description": description(s), "url": listing_url(s)} for s in saved_searches_of(current_user)
    ]
    return render_template(
        "search/saved/mine.html", searches=searches, form=ConfirmForm(), verified=current_user.is_verified
    )


@bp.route("/account/saved-searches/<int:saved_id>/delete", methods=["POST"])
@login_required
def delete(saved_id: int):
    saved = db.session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != current_user.id:  # another account's: as if it did not exist
        abort(404)
    what = description(saved)
    services.delete_search(saved)
    flash(_("Deleted: %(search)s. No more email about it.", search=what), "success")
    return redirect(url_for("saved_searches.mine"), code=303)


@bp.route("/searches/saved/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """From the link in every digest: whoever holds it may stop that one search's mail, without
    signing in. A GET only asks (mail scanners follow links); the button POSTs."""
    genuine, saved = read_unsubscribe_token(token)
    if not genuine:
        abort(404)
    form = ConfirmForm()
    if saved is None:  # already stopped (or deleted from the account page)
        return render_template("search/saved/unsubscribe.html", form=form, done=True, search=None)
    what = description(saved)
    if request.method == "POST" and form.validate_on_submit():
        services.delete_search(saved)
        return render_template("search/saved/unsubscribe.html", form=form, done=True, search=what)
    return render_template("search/saved/unsubscribe.html", form=form, done=False, search=what)
