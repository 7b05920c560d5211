"""Calls mailed to the producers who asked for them, in each one's language, once the publication
and the deliveries are committed; each delivery is recorded, so nobody is mailed a call twice. What
the request leaves is mailed by a job worker when there is a job queue, and in any case a run cut short is
finished by `flask fairs mail-calls`. Unsubscribing takes one signed link, no login."""

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, select

from marketplace.accounts.models import User
from marketplace.core.aftercommit import after_commit
from marketplace.core.mail import build_message, deliver_now, external_url
from marketplace.core.models import utcnow
from marketplace.core.permissions import PRODUCER
from marketplace.core.unitofwork import commit_now
from marketplace.extensions import db
from marketplace.fairs.announcements.models import CALL, PUBLISHED, Announcement, CallDelivery, CallSubscription
from marketplace.jobs import register_job

CALL_MAIL_JOB = "fairs.mail_call"
UNSUBSCRIBE_SALT = "call-mail-unsubscribe"
BATCH = 20  # deliveries committed together, their mail leaving after the commit
RESEND_DAYS = 30  # the command line finishes the mailing of calls this recent


def fits(announcement: Announcement, subscription: CallSubscription) -> bool:
    """A call open to every province (or group) fits everyone; a targeted one, those who ticked it."""
    province_ok = announcement.province_code is None or announcement.province_code in (subscription.provinces or [])
    group_ok = announcement.product_group is None or announcement.product_group in (subscription.groups or [])
    return province_ok and group_ok


def recipients(announcement: Announcement) -> list[User]:
    """Producer accounts, active and with a confirmed address, subscribed before the call was published
    (it is new to them), fitting it, and not mailed it yet."""
    if announcement.kind != CALL or announcement.status != PUBLISHED:
        return []
    mailed = select(CallDelivery.user_id).where(CallDelivery.announcement_id == announcement.id)
    rows = db.session.execute(
        select(CallSubscription, User)
        .join(User, User.id == CallSubscription.user_id)
        .where(
            CallSubscription.active.is_(True),
            CallSubscription.created_at <= announcement.published_at,
            User.is_active.is_(True),
            User.role == PRODUCER,
            User.email_verified_at.is_not(None),
            User.id.not_in(mailed),
        )
        .order_by(User.id)
    )
    return [user for subscription, user in rows if fits(announcement, subscription)]


def unsubscribe_token(user) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT).dumps({"uid": user.id})


def read_unsubscribe_token(token: str) -> User | None:
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        return None
    uid = data.get("uid") if isinstance(data, dict) else None
    return db.session.get(User, uid) if isinstance(uid, int) else None


def _message(announcement: Announcement, user: User):
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("New call: %(title)s", title=announcement.title)
        text = render_template(
            "fairs/mail/call.txt",
            user=user,
            announcement=announcement,
            link=external_url("fairs.announcement", announcement_id=announcement.id),
            preferences=external_url("fairs.call_preferences"),
            unsubscribe=external_url("fairs.call_unsubscribe", token=unsubscribe_token(user)),
        )
    return build_message(user.email, subject, text)


class CallMailStopped(OSError):
    """The mail server refused a batch: those deliveries are taken back, for `flask fairs mail-calls`."""


class _Batch:
    """One batch of a call's mail: built now, delivered once its deliveries are committed (as
    core.mail.mail_after_commit does), noting whom the mail server refused. After a refusal the rest
    of the batch is not tried: the server is down, and each try could wait for its timeout."""

    def __init__(self) -> None:
        self.app = current_app._get_current_object()
        self.refused: list[int] = []

    def add(self, user: User, message) -> None:
        user_id = user.id
        after_commit(lambda: self._deliver(user_id, message))

    def _deliver(self, user_id: int, message) -> None:
        if not self.refused:
            try:
                deliver_now(self.app, message)
                return
            except OSError:  # smtplib's errors are OSErrors
                self.app.logger.exception("call mail to user %s could not be sent", user_id)
        self.refused.append(user_id)


def send_call(announcement: Announcement, limit: int | None = None) -> tuple[int, int]:
    """Mail the call to whoever should have it and has not; at most `limit` now. Returns (sent, still
    to send). Each batch is its own commit (with whatever the unit of work wrote before: the
    publication), its mail leaving after it; mail the server refused is taken off the record at once,
    and CallMailStopped raised, so that `flask fairs mail-calls` sends it later and nobody gets it twice."""
    pending = recipients(announcement)
    now_sending = pending if limit is None else pending[:limit]
    for start in range(0, len(now_sending), BATCH):
        batch = _Batch()
        for user in now_sending[start : start + BATCH]:
            db.session.add(CallDelivery(announcement_id=announcement.id, user_id=user.id, sent_at=utcnow()))
            batch.add(user, _message(announcement, user))  # after the write above: it waits for the commit
        commit_now()  # the batch's deliveries are recorded: its mail leaves now, and a crash re-sends none
        if batch.refused:
            db.session.execute(
                delete(CallDelivery).where(
                    CallDelivery.announcement_id == announcement.id, CallDelivery.user_id.in_(batch.refused)
                )
            )
            commit_now()  # taken back even though the caller's unit of work may now fail
            raise CallMailStopped(f"call {announcement.id}: the mail server refused {len(batch.refused)} mail(s)")
    return len(now_sending), len(pending) - len(now_sending)


def mail_call_job(announcement_id: int) -> None:
    """The job queue's part: the rest of a call's mailing (a failure is retried by the queue)."""
    announcement = db.session.get(Announcement, announcement_id)
    if announcement is not None:
        send_call(announcement)


register_job(CALL_MAIL_JOB, mail_call_job)


def send_pending_calls(now=None) -> int:
    """What the command line runs: the unsent mail of calls published in the last RESEND_DAYS days."""
    since = (now or utcnow()) - timedelta(days=RESEND_DAYS)
    calls = db.session.scalars(
        select(Announcement).where(
            Announcement.kind == CALL,
            Announcement.status == PUBLISHED,
            Announcement.published_at >= since,
        )
    ).all()
    return sum(send_call(call)[0] for call in calls)
