"""Access rules of the fair's gate and badges: an exhibitor's account names and prints its staff
badges; the organisers print every badge and run the gate (its JSON endpoints answer 401/403 in
JSON); every signed-in account has its visitor badge; the service worker is a public file."""

from marketplace.fairs.onsite import badges
from tests.hardening.access_rules import PUBLIC, SIGNED_IN, STAFF, access, roles, world_builder

EXHIBITOR = roles("producer")  # the account acting for the producer with the paid booth (fairs_extras)


@world_builder(order=76)
def onsite(world) -> None:
    """One staff badge of the exhibitor (world.exhibitor, booth S03 paid in fairs_extras)."""
    world.staff_badge = badges.add_staff_badge(world.fair, world.exhibitor, "Nhân viên Sweep", world.users["producer"])


def _fair(w) -> dict:
    return {"fair_id": w.fair.id}


RULES = [
    access("fairs.staff_badges", EXHIBITOR, args=_fair, data=lambda w: {"person_name": "Người thứ hai"}),
    access("fairs.staff_badges_pdf", EXHIBITOR, args=_fair),
    access("fairs.staff_badge_withdraw", EXHIBITOR, args=lambda w: {"badge_id": w.staff_badge.id}),
    access("fairs.fair_badges", STAFF, args=_fair),
    access("fairs.fair_badges_pdf", STAFF, args=_fair),
    access("fairs.visitor_badge", SIGNED_IN),
    access("fairs.gate_page", STAFF, args=_fair),
    access("fairs.gate_day_list", STAFF, args=_fair),
    # The page's batch of scans, in JSON: the sweep's form body is refused (400) after the permission check.
    access("fairs.gate_check_ins", STAFF, args=_fair),
    access("fairs.gate_service_worker", PUBLIC),
]
