"""Access rules of fairs: public fair pages and booth holds (accounts acting for a producer), the
producer's bookings and waiting list, the centre's fair management and booking desk; the fairs API."""

from marketplace.extensions import db
from marketplace.fairs import organise, services, waitlist
from marketplace.fairs.queries import booth_by_code
from tests.factories import fair_values
from tests.hardening.access_rules import OWNER_OR_STAFF, PUBLIC, SIGNED_IN, STAFF, access, roles, world_builder

PRODUCER_ACCOUNTS = roles("producer", "other_producer")  # each books for the establishment it acts for
OWNER = roles("producer")


@world_builder(order=70)
def fairs(world) -> None:
    """A published fair open for registration (a hall of standard booths S01-S03, a full corner type),
    the owner's hold on S01, and the owner's place on the corner booths' waiting list. Three booths
    per producer: fairs_extras adds the owner's paid booth S03, and S02 must still be holdable."""
    organiser, owner = world.users["organiser"], world.users["producer"]
    fair = organise.create_fair(fair_values(name="Hội chợ CNNT (sweep)", max_booths_per_producer=3), organiser)
    world.booth_type = organise.save_booth_type(
        fair, {"code": "standard", "kind": "standard", "name": "Gian tiêu chuẩn", "price_vnd": 6_000_000}
    )
    corner = organise.save_booth_type(
        fair, {"code": "corner", "kind": "corner", "name": "Gian góc", "price_vnd": 8_000_000}
    )
    world.hall = organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 20})
    organise.add_booth_row(world.hall, world.booth_type, {"prefix": "S", "start": 1, "count": 3, "x": 1, "y": 1})
    organise.publish_fair(fair, organiser)
    world.fair = fair
    world.booking = services.hold_booth(fair, booth_by_code(fair, "S01"), world.producer, owner)
    world.waitlist_entry = waitlist.join_waitlist(fair, corner, world.producer, owner)
    db.session.flush()


def _fair(w) -> dict:
    return {"fair_id": w.fair.id}


def _booking(w) -> dict:
    return {"booking_id": w.booking.id}


def _hall(w) -> dict:
    return {"fair_id": w.fair.id, "hall_id": w.hall.id}


RULES = [
    access("fairs.index", PUBLIC),
    access("fairs.fair", PUBLIC, args=_fair),
    access("fairs.booth", PUBLIC, args=lambda w: {"fair_id": w.fair.id, "code": "S02"}),
    access("fairs.hold", PRODUCER_ACCOUNTS, args=lambda w: {"fair_id": w.fair.id, "code": "S02"}),
    access("fairs.request_booth", PRODUCER_ACCOUNTS, args=_fair),
    access("fairs.waitlist_join", PRODUCER_ACCOUNTS, args=_fair),
    access("fairs.waitlist_leave", OWNER, args=lambda w: {"entry_id": w.waitlist_entry.id}),
    access("fairs.my_bookings", SIGNED_IN),
    access("fairs.booking", OWNER_OR_STAFF, args=_booking),
    access("fairs.booking_submit", OWNER, args=_booking),  # organisers act from their desk
    access("fairs.booking_cancel", OWNER, args=_booking),
    # The products to show change only while changeable (a paid first-come booking, registration open).
    access("fairs.booking_products", OWNER, args=lambda w: {"booking_id": w.paid_booking.id}),
    access("fairs.manage_index", STAFF),
    access("fairs.fair_new", STAFF),
    access("fairs.fair_edit", STAFF, args=_fair),
    access("fairs.fair_publish", STAFF, args=_fair),
    access("fairs.fair_withdraw", STAFF, args=_fair),
    access("fairs.fair_close_registration", STAFF, args=_fair),
    access("fairs.fair_reopen_registration", STAFF, args=_fair),
    access("fairs.booth_types", STAFF, args=_fair),
    access("fairs.booth_type_edit", STAFF, args=lambda w: {"fair_id": w.fair.id, "type_id": w.booth_type.id}),
    access("fairs.halls", STAFF, args=_fair),
    access("fairs.hall_plan", STAFF, args=_hall),
    access("fairs.hall_edit", STAFF, args=_hall),
    access("fairs.hall_row", STAFF, args=_hall),
    access("fairs.hall_booths", STAFF, args=_hall),
    access("fairs.hall_import", STAFF, args=_hall),
    access("fairs.desk_table", STAFF, args=_fair),
    access("fairs.desk_booking", STAFF, args=_booking),
    access("fairs.desk_approve", STAFF, args=_booking),
    access("fairs.desk_reject", STAFF, args=_booking),
    access("fairs.desk_assign", STAFF, args=_booking),
    access("fairs.desk_move", STAFF, args=_booking),
    access("fairs.desk_cancel", STAFF, args=_booking),
    access("api.fairs_list", PUBLIC),
    access("api.fair_booths", PUBLIC, args=_fair),
    access("api.fair_book", PRODUCER_ACCOUNTS, args=_fair),
    access("api.booking_detail", OWNER_OR_STAFF, args=_booking),
]
