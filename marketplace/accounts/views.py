"""Account pages: thin views that validate a form, call one service, commit, then redirect."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts import links, notifications, services
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
from marketplace.core.i18n import current_language
from marketplace.core.security import is_safe_next, safe_next
from marketplace.extensions import db, limiter


def _email_key() -> str:
    return "email:" + services.normalise_email(request.form.get("email", ""))[:254]


def _load_user(user_id: int):
    return db.session.get(User, user_id)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = RegistrationForm(next=request.args.get("next"))
    if form.validate_on_submit():
        try:
            user, existing = services.register_account(
                form.email.data, form.password.data, form.display_name.data, form.role.data,
                locale=current_language(),
            )
        except services.AccountError as error:
            form.password.errors.append(str(error))
            return render_template("accounts/register.html", form=form), 422
        db.session.commit()
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


@bp.route("/verify/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    # GET only shows a button: mail scanners that follow links must not verify an address.
    user, next_path = links.read_verification_link(token, _load_user)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = ResendVerificationForm()
    if form.validate_on_submit():
        services.mark_email_verified(user)
        db.session.commit()
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
@limiter.limit("20 per hour", methods=["POST"], key_func=_email_key)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.account"))
    form = LoginForm(next=request.args.get("next"))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            services.record_login(user)
            db.session.commit()
            start_session(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(safe_next(form.next.data, url_for("core.home")))
        db.session.commit()  # keeps the failed-login audit row
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
        user = services.find_by_email(form.email.data)
        if user is not None and user.is_active:
            notifications.send_password_reset(user)
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
            form.password.errors.append(str(error))
        else:
            db.session.commit()
            end_session()
            flash(_("Your password was changed. Please log in with the new one."), "success")
            return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template(template, form=form, user=user), status


@bp.route("/", methods=["GET"])
@login_required
def account():
    return render_template("accounts/account.html", resend_form=ResendVerificationForm())


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.password.data)
        except services.AccountError as error:
            form.current.errors.append(str(error))
        else:
            db.session.commit()
            start_session(current_user._get_current_object())  # this device stays signed in
            flash(_("Your password was changed. Other devices were signed out."), "success")
            return redirect(url_for("accounts.account"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/change_password.html", form=form), status

