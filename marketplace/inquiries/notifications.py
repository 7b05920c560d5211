"""Inquiry mail: notices are written with the change, mailed after the commit in the recipient's
language, one per event or gathered into a daily digest when the recipient prefers that. Notices to
many at once (a buying request's matching producers) are mailed by job workers when there is a job
queue, so the request that made them ends at once."""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select, update

from marketplace.core.mail import external_url, mail_after_commit, send_mail
from marketplace.core.models import utcnow
from marketplace.core.unitofwork import commit_now
from marketplace.extensions import db
from marketplace.inquiries.models import Notice, NotificationSetting
from marketplace.jobs import enqueue, queue_configured, register_job

_UNMAILED = "inquiries.unmailed"  # session.info: notices recorded here mail nobody (demo data)
NOTICE_MAIL_JOB = "inquiries.mail_notice"
# kind -> (subject, template); subjects are gettext calls made inside the recipient's locale.
SUBJECTS = {
    "inquiry": lambda n: _("New inquiry: %(subject)s", subject=n.inquiry.subject),
    "message": lambda n: _("New message about %(subject)s", subject=n.inquiry.subject),
    "quote": lambda n: _("New quote for %(subject)s", subject=n.inquiry.subject),
    "quote_accepted": lambda n: _("Your quote for %(subject)s was accepted", subject=n.inquiry.subject),
    "quote_declined": lambda n: _("Your quote for %(subject)s was declined", subject=n.inquiry.subject),
    "request_match": lambda n: _("A buyer is looking for: %(title)s", title=n.request.title),
    "invite": lambda n: _("A buyer wrote to %(name)s on the CNNT Marketplace", name=n.inquiry.producer.name),
}


def wants_digest(user) -> bool:
    setting = db.session.get(NotificationSetting, user.id) if user is not None else None
    return bool(setting and setting.daily_digest)


def queue(kind: str, recipient=None, email: str | None = None, inquiry=None, request=None) -> Notice:
    """Record a notice in the current unit of work. An instant one is marked mailed, and its mail
    written now (in the recipient's language) and sent once the unit of work commits (a rollback
    drops it); digest ones wait for `send_digests()`."""
    digest = wants_digest(recipient)
    notice = Notice(
        user=recipient,
        email=recipient.email if recipient is not None else email,
        kind=kind,
        inquiry=inquiry,
        request=request,
        mailed_at=None if digest else utcnow(),
    )
    db.session.add(notice)
    if not digest and not db.session.info.get(_UNMAILED):
        db.session.flush()  # the mail's links need the ids
        subject, text = render_notice(notice)
        mail_after_commit(notice.email, subject, text)
    return notice


@contextmanager
def unmailed() -> Iterator[None]:
    """Notices recorded inside the block mail nobody (demo data)."""
    db.session.info[_UNMAILED] = True
    try:
        yield
    finally:
        db.session.info.pop(_UNMAILED, None)


def queue_many(kind: str, recipients, **about) -> list[Notice]:
    """A notice for each recipient. With a job queue, the instant ones are left unmailed and one job
    per notice mails it after the commit (should the daily digest run first, it mails them and the
    job finds nothing to do); without one they go after the commit like any other."""
    if not queue_configured():
        return [queue(kind, recipient, **about) for recipient in recipients]
    notices = []
    for recipient in recipients:
        notice = Notice(user=recipient, email=recipient.email, kind=kind, mailed_at=None, **about)
        db.session.add(notice)
        notices.append((notice, wants_digest(recipient)))
    db.session.flush()
    for notice, digest in notices:
        if not digest:
            enqueue(NOTICE_MAIL_JOB, notice_id=notice.id)  # sent with this unit of work's commit
    return [notice for notice, _digest in notices]


def mail_notice_job(notice_id: int) -> None:
    """Claim the notice (mailed_at set in this transaction), then mail it: a failed send rolls the
    claim back and the queue retries; a notice already mailed is left alone."""
    claimed = db.session.execute(
        update(Notice).where(Notice.id == notice_id, Notice.mailed_at.is_(None)).values(mailed_at=utcnow())
    )
    if claimed.rowcount == 1:
        _send_one(db.session.get(Notice, notice_id))


register_job(NOTICE_MAIL_JOB, mail_notice_job)


def _locale(notice) -> str:
    user = notice.user
    return (user.locale if user is not None and user.locale else None) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _link(notice) -> str:
    if notice.kind == "request_match":
        return external_url("inquiries.request_detail", request_id=notice.request_id)
    if notice.kind == "invite":
        return external_url("accounts.register")
    return external_url("inquiries.thread", inquiry_id=notice.inquiry_id)


def render_notice(notice) -> tuple[str, str]:
    """(subject, text) of one notice, in the recipient's language."""
    with force_locale(_locale(notice)):
        subject = SUBJECTS[notice.kind](notice)
        text = render_template(
            f"inquiries/mail/{notice.kind}.txt",
            notice=notice,
            inquiry=notice.inquiry,
            request=notice.request,
            link=_link(notice),
            settings_link=external_url("inquiries.settings"),
        )
    return subject, text


def _send_one(notice) -> None:
    subject, text = render_notice(notice)
    send_mail(notice.email, subject, text)


def send_digests(now=None) -> int:
    """One mail per account gathering every notice not yet mailed; returns how many mails went out."""
    now = now or utcnow()
    pending = db.session.execute(
        select(Notice).where(Notice.mailed_at.is_(None), Notice.created_at <= now).order_by(Notice.id)
    ).scalars()
    by_recipient = defaultdict(list)
    for notice in pending:
        by_recipient[notice.email].append(notice)
    for email, notices in by_recipient.items():
        with force_locale(_locale(notices[0])):
            lines = [(SUBJECTS[n.kind](n), _link(n)) for n in notices]
            subject = ngettext(
                "Your daily summary: %(num)d update", "Your daily summary: %(num)d updates", len(notices)
            )
            text = render_template(
                "inquiries/mail/digest.txt",
                lines=lines,
                settings_link=external_url("inquiries.settings"),
                user=notices[0].user,
            )
        send_mail(email, subject, text)
        for notice in notices:
            notice.mailed_at = now
        commit_now()  # one recipient at a time: a crash later never mails anyone twice
    return len(by_recipient)
