"""Fair mail, in the recipient's language: built now, sent once the change it speaks of is committed
(core.mail.mail_after_commit); a rollback drops it."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.core.mail import external_url, mail_after_commit


def send_to(user, subject_fn, template: str, **context) -> None:
    """Mail one account in its own language; `template` names a file under templates/fairs/mail/."""
    if user is None or not user.email:
        return
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = subject_fn()
        text = render_template(f"fairs/mail/{template}.txt", user=user, **context)
    mail_after_commit(user.email, subject, text)


def send_offers(entries) -> None:
    """A booth freed up for producers on a waiting list: it is held for them for a limited time."""
    for entry in entries:
        booking = entry.booking
        send_to(
            entry.user,
            lambda b=booking: _("A booth is free for you at %(fair)s", fair=b.fair.name),
            "offer",
            booking=booking,
            link=external_url("fairs.booking", booking_id=booking.id),
        )


def send_decision(booking) -> None:
    """The organiser approved, rejected or assigned: tell the account that applied."""
    send_to(
        booking.user,
        lambda: _("Your booking %(ref)s at %(fair)s", ref=booking.reference, fair=booking.fair.name),
        "decision",
        booking=booking,
        link=external_url("fairs.booking", booking_id=booking.id),
    )
