"""Account mail, written in the recipient's language and sent after the change is committed."""

from flask import current_app, render_template, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.accounts import links
from marketplace.core.mail import send_mail


def _external(endpoint: str, **values) -> str:
    base = current_app.config["SERVER_NAME_FOR_MAIL"].rstrip("/")
    return base + url_for(endpoint, **values)


def _send(user, subject_fn, template: str, **context) -> None:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = subject_fn()
        text = render_template(f"accounts/mail/{template}.txt", user=user, **context)
    send_mail(user.email, subject, text)


def send_verification(user, next_path: str | None = None) -> None:
    link = _external("accounts.verify_email", token=links.verification_token(user, next_path))
    _send(user, lambda: _("Confirm your email address"), "verify", link=link)


def send_password_reset(user) -> None:
    link = _external("accounts.reset_password", token=links.reset_token(user))
    _send(user, lambda: _("Reset your password"), "reset", link=link)


def send_invitation(user, invited_by) -> None:
    link = _external("accounts.accept_invitation", token=links.invitation_token(user))
    _send(user, lambda: _("Your account on the CNNT Marketplace"), "invitation", link=link, invited_by=invited_by)


def send_already_registered(user) -> None:
    """Someone tried to register with an address that has an account: tell its owner, not the visitor."""
    _send(
        user,
        lambda: _("Someone tried to register with your email address"),
        "already_registered",
        login=_external("accounts.login"),
        reset=_external("accounts.reset_request"),
    )
