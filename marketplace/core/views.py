"""Site-wide pages: home, 'My work', language choice, health."""

from flask import current_app, jsonify, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from marketplace.core.blueprint import bp
from marketplace.core.forms import Form
from marketplace.core.health import run_checks
from marketplace.core.home import sections_to_render
from marketplace.core.i18n import LANGUAGE_COOKIE
from marketplace.core.pagecache import kept_for_visitors
from marketplace.core.security import safe_next
from marketplace.core.work import waiting_total, work_for


@bp.route("/")
@kept_for_visitors(seconds=60)
def home():
    return render_template("core/home.html", sections=sections_to_render())


@bp.route("/my-work")
@login_required
def my_work():
    """Everything that waits for this account, whatever its role, with the way to each."""
    sections = work_for(current_user)
    return render_template("core/my_work.html", sections=sections, waiting=waiting_total(sections))


@bp.route("/language/<code>", methods=["POST"])
def set_language(code: str):
    """Switch language and remember it: in a cookie, and on the account when signed in."""
    if code not in current_app.config["LANGUAGES"] or not Form().validate_on_submit():
        return redirect(url_for("core.home"))
    if current_user.is_authenticated:
        from marketplace.accounts.services import set_locale

        set_locale(current_user, code)
    return _language_cookie(code, request.form.get("next"))


@bp.route("/language/<code>", methods=["GET"])
def choose_language(code: str):
    """The visitor's switch (a link): only the cookie changes, nothing is written. Signed-in people
    use the form above, which also keeps the choice on their account (their mail's language). A link
    keeps anonymous pages free of a CSRF token, so they stay the same for everyone and can be kept
    whole in the cache (core.pagecache)."""
    if code not in current_app.config["LANGUAGES"]:
        return redirect(url_for("core.home"))
    return _language_cookie(code, request.args.get("next"))


def _language_cookie(code: str, next_url: str | None):
    response = make_response(redirect(safe_next(next_url, url_for("core.home")), code=303))
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/healthz")
def healthz():
    healthy, checks = run_checks()
    body = {"status": "ok" if healthy else "unavailable", **checks}
    return jsonify(body), 200 if healthy else 503
