"""Load → check for the fair views: 404 where existence must not leak, 403 for the wrong role."""

from flask import abort
from flask_login import current_user

from marketplace.core.unitofwork import commit_now
from marketplace.extensions import db
from marketplace.fairs import notifications, waitlist
from marketplace.fairs.models import Booking, Booth, Fair, Hall
from marketplace.fairs.permissions import can_manage_fairs, can_see_fair, can_view_booking


def visible_fair(fair_id: int) -> Fair:
    fair = db.session.get(Fair, fair_id)
    if fair is None or not can_see_fair(current_user, fair):
        abort(404)
    return fair


def managed_fair(fair_id: int) -> Fair:
    if not can_manage_fairs(current_user):
        abort(403)
    return db.get_or_404(Fair, fair_id)


def managed_hall(fair: Fair, hall_id: int) -> Hall:
    hall = db.get_or_404(Hall, hall_id)
    if hall.fair_id != fair.id:
        abort(404)
    return hall


def own_booking(booking_id: int) -> Booking:
    booking = db.session.get(Booking, booking_id)
    if booking is None or not can_view_booking(current_user, booking):
        abort(404)
    return booking


def managed_booking(booking_id: int) -> Booking:
    if not can_manage_fairs(current_user):
        abort(403)
    return db.get_or_404(Booking, booking_id)


def offer_freed_booths_first(fair: Fair) -> None:
    """Committed on its own, before a producer holds a booth: a booth freed by a hold that lapsed goes
    to the first producer on the waiting list (held for them, mailed after the commit), never to the
    producer who asks first. Reads never call it (a GET writes nothing: they show such a booth held,
    queries.fair_booths(for_readers=True)); the sweep offers it too."""
    offers = waitlist.offer_before_reading(fair)
    if offers is None:
        return
    notifications.send_offers(offers)
    commit_now()  # the hold that follows may be refused and rolled back: the offers (and their mail) stand


def booth_in(fair: Fair, code: str) -> Booth:
    from marketplace.fairs.queries import booth_by_code

    booth = booth_by_code(fair, (code or "").strip().upper())
    if booth is None:
        abort(404)
    return booth
