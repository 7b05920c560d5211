"""Account mail, written in the recipient's language and sent after the change is committed; a
password reset's mail only after the response (by a job worker when there is a job queue)."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.accounts import links
from marketplace.core.afterresponse import after_response
from marketplace.core.mail import external_url, send_mail
from marketplace.extensions import db
from marketplace.jobs import enqueue, queue_configured, register_job

RESET_MAIL_JOB = "accounts.mail_password_reset"


def _send(user, subject_fn, template: str, **context) -> None:
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = subject_fn()
        text = render_template(f"accounts/mail/{template}.txt", user=user, **context)
    send_mail(user.email, subject, text)


def send_verification(user, next_path: str | None = None) -> None:
    link = external_url("accounts.verify_email", token=links.verification_token(user, next_path))
    _send(user, lambda: _("Confirm your email address"), "verify", link=link)


def send_password_reset(user) -> None:
    link = external_url("accounts.reset_password", token=links.reset_token(user))
    _send(user, lambda: _("Reset your password"), "reset", link=link)


def mail_password_reset_later(email: str) -> None:
    """Ask for a reset mail to `email`, sent after the response if the address has an active
    account. The request does the same work whether it has one or not (even the lookup waits),
    so neither its answer nor its timing tells which addresses have accounts."""
    after_response(lambda: _mail_password_reset(email))


def _mail_password_reset(email: str) -> None:
    from marketplace.accounts.services import find_by_email

    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    if queue_configured():
        enqueue(RESET_MAIL_JOB, user_id=user.id)  # nothing is written here: it leaves at once
    else:
        send_password_reset(user)


def mail_password_reset_job(user_id: int) -> None:
    from marketplace.accounts.models import User

    user = db.session.get(User, user_id)
    if user is not None and user.is_active:
        send_password_reset(user)


register_job(RESET_MAIL_JOB, mail_password_reset_job)


def send_invitation(user, invited_by) -> None:
    link = external_url("accounts.accept_invitation", token=links.invitation_token(user))
    _send(user, lambda: _("Your account on the CNNT Marketplace"), "invitation", link=link, invited_by=invited_by)


def send_already_registered(user) -> None:
    """Someone tried to register with an address that has an account: tell its owner, not the visitor."""
    _send(
        user,
        lambda: _("Someone tried to register with your email address"),
        "already_registered",
        login=external_url("accounts.login"),
        reset=external_url("accounts.reset_request"),
    )
