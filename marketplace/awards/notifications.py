"""Awards mail, each in its recipient's language, written with the change and sent after its commit
(core.mail.mail_after_commit; a rollback drops it): screening decisions to the producer, appointments,
assigned entries and reopened sheets to jurors, published results (with the certificate) to nominees."""

from collections import defaultdict
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select

from marketplace.awards.certificates import verify_url
from marketplace.awards.models import ACCEPTED, REJECTED, RETURNED, Certificate, Juror, Nomination, Programme
from marketplace.core.mail import external_url, mail_after_commit
from marketplace.extensions import db


@dataclass(frozen=True)
class Recipient:
    email: str
    locale: str
    name: str


def _of_user(user) -> Recipient:
    return Recipient(user.email, user.locale or current_app.config["BABEL_DEFAULT_LOCALE"], user.display_name)


def producer_recipients(producer) -> list[Recipient]:
    """The accounts acting for the producer; the establishment's own address when it has none
    (staff filed the dossier on its behalf), in the site's language."""
    members = [_of_user(m.user) for m in producer.members if m.user is not None and m.user.email]
    if members:
        return members
    if producer.email:
        return [Recipient(producer.email, current_app.config["BABEL_DEFAULT_LOCALE"], producer.name)]
    return []


def _send(recipient: Recipient, subject, template: str, **context) -> None:
    with force_locale(recipient.locale):
        title = subject()
        text = render_template(f"awards/mail/{template}.txt", recipient=recipient, **context)
    mail_after_commit(recipient.email, title, text)  # a mail server down is logged: it never undoes the change


SCREENING_SUBJECTS = {
    ACCEPTED: lambda n: _("Dossier %(code)s accepted: %(product)s", code=n.code, product=n.product.name),
    RETURNED: lambda n: _("Dossier %(code)s returned for completion: %(product)s", code=n.code, product=n.product.name),
    REJECTED: lambda n: _("Dossier %(code)s not accepted: %(product)s", code=n.code, product=n.product.name),
}


def dossier_screened(nomination: Nomination) -> None:
    """The organiser accepted, returned (with the note) or rejected a dossier: tell the producer."""
    subject = SCREENING_SUBJECTS[nomination.status]
    link = external_url("awards.dossier", nomination_id=nomination.id)
    for recipient in producer_recipients(nomination.producer):
        _send(
            recipient,
            lambda: subject(nomination),
            "screened",
            nomination=nomination,
            programme=nomination.programme,
            link=link,
        )


def juror_appointed(juror: Juror) -> None:
    programme = juror.programme
    _send(
        _of_user(juror.user),
        lambda: _("You are on the jury of %(programme)s", programme=programme.name),
        "appointed",
        juror=juror,
        programme=programme,
        link=external_url("awards.jury_home"),
    )


def entries_assigned(sheets: list) -> None:
    """One mail per juror who was given new entries, however many."""
    by_juror = defaultdict(list)
    for sheet in sheets:
        by_juror[sheet.juror_id].append(sheet)
    for given in by_juror.values():
        juror, programme, count = given[0].juror, given[0].nomination.programme, len(given)
        _send(
            _of_user(juror),
            lambda programme=programme, count=count: ngettext(
                "%(num)d entry to score in %(programme)s",
                "%(num)d entries to score in %(programme)s",
                count,
                programme=programme.name,
            ),
            "assigned",
            programme=programme,
            sheets=given,
            link=external_url("awards.jury_home"),
        )


def sheet_reopened(sheet, reason: str) -> None:
    """The organiser reopened a submitted sheet for correction: the juror learns why and where to correct it."""
    nomination = sheet.nomination
    _send(
        _of_user(sheet.juror),
        lambda: _("Your score sheet for %(code)s is reopened", code=nomination.code),
        "reopened",
        sheet=sheet,
        nomination=nomination,
        programme=nomination.programme,
        reason=reason,
        link=external_url("awards.jury_sheet", sheet_id=sheet.id),
    )


def results_published(programme: Programme) -> None:
    """Every accepted entry's producer hears the result, awarded or not; the awarded get the certificate."""
    entries = db.session.scalars(
        select(Nomination)
        .where(Nomination.programme_id == programme.id, Nomination.status == ACCEPTED)
        .order_by(Nomination.code)
    )
    certificates = {
        c.nomination_id: c
        for c in db.session.scalars(
            select(Certificate)
            .join(Nomination, Certificate.nomination_id == Nomination.id)
            .where(Nomination.programme_id == programme.id)
        )
    }
    results = external_url("awards.results", programme_id=programme.id)
    for nomination in entries:
        certificate = certificates.get(nomination.id)
        links = {"results": results}
        if certificate is not None:
            links["pdf"] = external_url("awards.certificate_pdf", code=certificate.code)
            links["verify"] = verify_url(certificate)
        for recipient in producer_recipients(nomination.producer):
            _send(
                recipient,
                lambda n=nomination, c=certificate: _result_subject(programme, n, c),
                "results",
                programme=programme,
                nomination=nomination,
                certificate=certificate,
                links=links,
            )


def _result_subject(programme: Programme, nomination: Nomination, certificate) -> str:
    if certificate is not None:
        return _("Congratulations: %(product)s is a standout rural industry product", product=nomination.product.name)
    return _("The results of %(programme)s are published", programme=programme.name)
