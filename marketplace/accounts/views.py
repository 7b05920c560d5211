"""Account pages: thin views that validate a form, call one service, then redirect (the request's
unit of work commits; a refusal, answered 4xx, rolls back)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required

from marketplace.accounts import links, notifications, services, throttle
from marketplace.accounts.blueprint import bp
from marketplace.accounts.forms import (
    ChangePasswordForm,
    LoginForm,
    RegistrationForm,
    ResendVerificationForm,
    ResetPasswordForm,
    ResetRequestForm,
)
from marketplace.accounts.models import User
from marketplace.accounts.session import end_session, start_session
from marketplace.core.errors import render_error
from marketplace.core.forms import show_refusal
from marketplace.core.i18n import current_language
from marketplace.core.security import is_safe_next, safe_next
from marketplace.core.unitofwork import commit_now
from marketplace.extensions import db, limiter


def _email_key() -> str:
    return "email:" + services.normalise_email(request.form.get("email", ""))[:254]


def _load_user(user_id: int):
    return db.session.get(User, user_id)


# A training session at the centre registers a room full of people from one address; one email
# address, though, has no reason to be registered more than a few times an hour.
REGISTER_PER_ADDRESS, REGISTER_PER_EMAIL = "100 per hour", "5 per hour"


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(REGISTER_PER_ADDRESS, methods=["POST"])
@limiter.limit(
    REGISTER_PER_EMAIL,
    methods=["POST"],
    key_func=_email_key,
    exempt_when=lambda: not request.form.get("email", "").strip(),
)
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegistrationForm(next=request.args.get("next"))
    if form.validate_on_submit():
        try:
            user, existing = services.register_account(
                form.email.data,
                form.password.data,
                form.display_name.data,
                form.role.data,
                locale=current_language(),
            )
        except services.AccountError as error:
            show_refusal(form, error)
            return render_template("accounts/register.html", form=form), 422
        if user is not None:
            next_path = form.next.data if is_safe_next(form.next.data) else None
            notifications.send_verification(user, next_path)
        else:
            notifications.send_already_registered(existing)
        # The same answer either way (no sign-in, no redirect): nobody learns which addresses
        # have accounts. The new account signs in once its owner has the link we mailed.
        return render_template("accounts/check_inbox.html", email=services.normalise_email(form.email.data))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


def registration_refused(error: RateLimitExceeded):
    """A refused registration keeps what was typed (but the password) and says why, on its form."""
    if request.endpoint != "accounts.register":
        return render_error(429)
    return render_template("accounts/register.html", form=RegistrationForm(), refusal=registration_refusal()), 429


def registration_refusal() -> str:
    return _(
        "Too many registrations were sent from here or for this email address in the last hour. "
        "Please wait a few minutes, then send the form again."
    )


bp.register_error_handler(RateLimitExceeded, registration_refused)


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    # GET only shows a button: mail scanners that follow links must not verify an address.
    user, next_path = links.read_verification_link(token, _load_user)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResendVerificationForm()
    if form.validate_on_submit():
        services.mark_email_verified(user)
        flash(_("Thank you, your email address is confirmed."), "success")
        next_path = next_path if is_safe_next(next_path) else None
        if current_user.is_authenticated:
            return redirect(next_path or url_for("accounts.account"))
        return redirect(url_for("accounts.login", next=next_path))
    return render_template("accounts/verify.html", form=form, user=user)


@bp.route("/verify/resend", methods=["POST"])
@login_required
@limiter.limit("5 per hour")
def resend_verification():
    if ResendVerificationForm().validate_on_submit() and not current_user.is_verified:
        notifications.send_verification(current_user)
        flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        try:
            user = throttle.attempt_sign_in(form.email.data, form.password.data)
        except throttle.SignInThrottled as refused:
            # The form stays filled in (but the password), with how long to wait.
            page = render_template(
                "accounts/login.html", form=form, refusal=throttle.waiting_message(refused.retry_after)
            )
            return page, 429, {"Retry-After": str(refused.retry_after)}
        if user is not None:
            services.record_login(user)
            start_session(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(safe_next(form.next.data, url_for("core.home")))
        commit_now()  # the failed sign-in's audit row must outlive the 422 that rolls the request back
        form.password.errors.append(_("The email or password is not correct."))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    if ResendVerificationForm().validate_on_submit():
        end_session()
        flash(_("You are signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        notifications.mail_password_reset_later(form.email.data)
        # The same answer either way: nobody learns which addresses have accounts.
        return render_template("accounts/check_inbox.html", email=services.normalise_email(form.email.data))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_request.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _choose_password(links.read_reset_token(token, _load_user), "accounts/reset_password.html")


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """An account an administrator made: its owner chooses the first password here."""
    return _choose_password(links.read_invitation_token(token, _load_user), "accounts/accept_invitation.html")


def _choose_password(user, template: str):
    if user is None or not user.is_active:
        return render_template("accounts/link_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(user, form.password.data)
        except services.AccountError as error:
            show_refusal(form, error)
        else:
            end_session()
            flash(_("Your password was changed. Please log in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, user=user), status


@bp.route("/", methods=["GET"])
@login_required
def account():
    return render_template(
        "accounts/account.html", resend_form=ResendVerificationForm(), tokens=services.api_tokens_of(current_user)
    )


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    """One of the account's API tokens stops working (a lost phone, a script handed over)."""
    if not ResendVerificationForm().validate_on_submit():
        abort(400)
    if not services.revoke_api_token(current_user, token_id):
        abort(404)  # someone else's token, or one already gone: nothing to say about it
    flash(_("The API token was revoked; it no longer works."), "success")
    return redirect(url_for("accounts.account"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.AccountError as error:
            show_refusal(form, error)
        else:
            start_session(current_user._get_current_object())  # this device stays signed in
            flash(_("Your password was changed. Other devices were signed out."), "success")
            return redirect(url_for("accounts.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/change_password.html", form=form), status
