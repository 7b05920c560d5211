"""Access rules of the fairs' extras: the public exhibitor directory and its PDF, the organiser's
report and exports, B2B meetings (exhibitors offer slots, verified buyers ask, only the two parties
see a meeting), announcements (public when published, written by the centre) and producers' mail
preferences for calls with the unsubscribe link that needs no login."""

from datetime import time

from marketplace.extensions import db
from marketplace.fairs import services as bookings
from marketplace.fairs.announcements import mailing
from marketplace.fairs.announcements import services as announcements
from marketplace.fairs.announcements.models import CALL, NEWS, CallSubscription
from marketplace.fairs.meetings import services as meetings
from marketplace.fairs.queries import booth_by_code
from tests.factories import pay
from tests.hardening.access_rules import NOBODY, PUBLIC, SIGNED_IN, STAFF, access, roles, world_builder

EXHIBITOR = roles("producer")  # the account acting for the producer with the paid booth
PARTIES = roles("buyer", "producer")  # a meeting's buyer and its exhibitor's account: nobody else
PRODUCER_ACCOUNTS = roles("producer", "other_producer")
VERIFIED_BUYERS = roles("buyer")


@world_builder(order=75)
def fair_extras(world) -> None:
    """The owner's producer exhibits (booth S03 paid, showing the published product) and offers two
    meeting slots on the fair's first day; the buyer has asked for the first. A published news item
    about the fair and a draft call; the owner subscribed to calls, with its unsubscribe token."""
    owner, organiser, fair = world.users["producer"], world.users["organiser"], world.fair
    world.exhibitor = world.producer  # kept: the browser suite swaps world.producer for the demo's
    world.paid_booking = bookings.hold_booth(fair, booth_by_code(fair, "S03"), world.producer, owner)
    bookings.submit_booking(world.paid_booking, [world.product], None)
    pay(world.paid_booking)
    world.slot, world.free_slot = meetings.offer_slots(
        fair, world.producer, owner, fair.starts_on, time(9, 0), 30, count=2
    )
    world.meeting = meetings.request_meeting(world.slot, world.users["buyer"], "Chúng tôi muốn hỏi giá bán buôn.")
    world.announcement = announcements.save_announcement(
        {"kind": NEWS, "title": "Mở đăng ký gian hàng (sweep)", "body": "Đăng ký trước ngày 20.", "fair_id": fair.id},
        organiser,
    )
    announcements.publish_announcement(world.announcement, organiser)
    world.draft_announcement = announcements.save_announcement(
        {"kind": CALL, "title": "Lớp tập huấn (nháp)", "body": "Sắp mở."}, organiser
    )
    db.session.add(CallSubscription(user_id=owner.id, active=True, provinces=[], groups=[]))
    db.session.flush()
    world.unsubscribe_token = mailing.unsubscribe_token(owner)


def _fair(w) -> dict:
    return {"fair_id": w.fair.id}


def _meeting(w) -> dict:
    return {"meeting_id": w.meeting.id}


def _announcement(w) -> dict:
    return {"announcement_id": w.announcement.id}


RULES = [
    access("fairs.exhibitor_directory", PUBLIC, args=_fair),
    access("fairs.exhibitor_list_pdf", PUBLIC, args=_fair),
    access("fairs.fair_report", STAFF, args=_fair),
    access("fairs.fair_outcome", STAFF, args=_fair),
    access("fairs.fair_outcome_xlsx", STAFF, args=_fair),
    access("fairs.fair_outcome_pdf", STAFF, args=_fair),
    access("fairs.exhibitors_csv", STAFF, args=_fair),
    access("fairs.exhibitors_xlsx", STAFF, args=_fair),
    # Meetings. Slots: only accounts of a producer exhibiting at the fair (another producer: 403).
    access("fairs.meeting_slots", EXHIBITOR, args=_fair),
    access("fairs.meeting_slot_withdraw", EXHIBITOR, args=lambda w: {"slot_id": w.free_slot.id}),
    # Anyone reads an exhibitor's free slots; only a verified buyer asks for one (others: 403, or login).
    access(
        "fairs.meeting_request",
        PUBLIC,
        post=VERIFIED_BUYERS,
        args=lambda w: {"fair_id": w.fair.id, "producer_id": w.exhibitor.id},
        data=lambda w: {"slot": w.free_slot.id, "message": "Xin gặp để bàn về đơn hàng."},
    ),
    # Not an exhibitor at this fair: no page, whoever asks (404 before any login).
    access(
        "fairs.meeting_request",
        NOBODY,
        case="not exhibiting",
        args=lambda w: {"fair_id": w.fair.id, "producer_id": w.other.id},
    ),
    access("fairs.meetings", SIGNED_IN),  # each sees their own agenda (empty for those with no side)
    # A meeting's existence is not shown to anyone but its two parties (404), not even to the staff.
    access("fairs.meeting", PARTIES, args=_meeting),
    access("fairs.meeting_accept", EXHIBITOR, args=_meeting),  # the buyer: 403
    access("fairs.meeting_decline", EXHIBITOR, args=_meeting),
    access("fairs.meeting_cancel", PARTIES, args=_meeting),
    # Announcements.
    access("fairs.announcements", PUBLIC),
    access("fairs.announcements_feed", PUBLIC),
    access("fairs.announcement", PUBLIC, args=_announcement),
    access("fairs.announcement", STAFF, case="draft", args=lambda w: {"announcement_id": w.draft_announcement.id}),
    access("fairs.manage_announcements", STAFF),
    access("fairs.announcement_edit", STAFF, args=_announcement),
    access("fairs.announcement_publish", STAFF, args=lambda w: {"announcement_id": w.draft_announcement.id}),
    access("fairs.announcement_unpublish", STAFF, args=_announcement),
    access("fairs.call_preferences", PRODUCER_ACCOUNTS),
    # The link in every call mail: whoever holds the signed token may switch that account's mail off.
    access("fairs.call_unsubscribe", PUBLIC, args=lambda w: {"token": w.unsubscribe_token}),
    access("fairs.call_unsubscribe", NOBODY, case="forged", args=lambda w: {"token": w.unsubscribe_token + "x"}),
]
