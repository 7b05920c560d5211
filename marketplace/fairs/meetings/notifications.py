"""Meeting mail to the other party, in the recipient's language, sent once the change is committed."""

from flask_babel import gettext as _

from marketplace.core.mail import external_url
from marketplace.fairs.notifications import send_to


def _exhibitor_accounts(meeting) -> list:
    return [member.user for member in meeting.slot.producer.members]


def _link(meeting) -> str:
    return external_url("fairs.meeting", meeting_id=meeting.id)


def send_request(meeting) -> None:
    """A buyer asked for a slot: every account of the exhibitor hears of it."""
    for user in _exhibitor_accounts(meeting):
        send_to(
            user,
            lambda: _("A buyer asks to meet you at %(fair)s", fair=meeting.slot.fair.name),
            "meeting_request",
            meeting=meeting,
            link=_link(meeting),
        )


def send_answer(meeting) -> None:
    """The exhibitor accepted or declined: the buyer hears of it."""
    send_to(
        meeting.buyer,
        lambda: _(
            "Your meeting with %(name)s at %(fair)s", name=meeting.slot.producer.name, fair=meeting.slot.fair.name
        ),
        "meeting_answer",
        meeting=meeting,
        link=_link(meeting),
    )


def send_cancelled(meeting, by_buyer: bool) -> None:
    """One side called the meeting off: the other side hears of it."""
    recipients = _exhibitor_accounts(meeting) if by_buyer else [meeting.buyer]
    for user in recipients:
        send_to(
            user,
            lambda: _("Meeting called off: %(fair)s", fair=meeting.slot.fair.name),
            "meeting_cancelled",
            meeting=meeting,
            link=_link(meeting),
            by_buyer=by_buyer,
        )


def send_exhibitor_gone(meetings) -> None:
    """The exhibitor's booking was cancelled: each buyer with a meeting to come hears it is off."""
    for meeting in meetings:
        send_to(
            meeting.buyer,
            lambda m=meeting: _("Meeting called off: %(fair)s", fair=m.slot.fair.name),
            "meeting_cancelled",
            meeting=meeting,
            link=_link(meeting),
            by_buyer=False,
            exhibitor_gone=True,
        )
