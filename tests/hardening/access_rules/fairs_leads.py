"""Access rules of leads scanned at booths: only the exhibiting producer's own accounts see and export
its leads (not other producers, not even the centre); the buyer alone sees what they shared and
withdraws it (anyone else: 404, the lead's existence is not told)."""

from marketplace.extensions import db
from marketplace.fairs.leads.models import Lead, LeadProduct
from marketplace.fairs.onsite.codes import VISITOR, badge_code
from tests.hardening.access_rules import access, roles, world_builder

EXHIBITOR = roles("producer")  # the account acting for the producer with the paid booth (fairs_extras)
THE_BUYER = roles("buyer")


@world_builder(order=76)
def booth_leads(world) -> None:
    """The owner scanned the buyer's badge at its booth, about its product. Written as a row, without the
    thread record_lead would start: that thread's `origin_fair_id` is 0021's own column, which its
    downgrade drops, and the migrations' round trip (tests/ops) compares every row of `inquiries`."""
    buyer, owner = world.users["buyer"], world.users["producer"]
    world.lead = Lead(
        fair_id=world.fair.id,
        producer_id=world.exhibitor.id,
        buyer_id=buyer.id,
        note="Hỏi giá sỉ",
        rating=4,
        scanned_by_id=owner.id,
        items=[LeadProduct(product_id=world.product.id)],
    )
    db.session.add(world.lead)
    db.session.flush()


def _fair(w) -> dict:
    return {"fair_id": w.fair.id}


def _scan(w) -> dict:
    return {"code": badge_code(VISITOR, w.users["buyer"].id), "rating": "0"}


RULES = [
    # Scanning: the world's fair is weeks ahead, so the exhibitor's scan is answered 409 (not yet).
    access("fairs.leads", EXHIBITOR, args=_fair, data=_scan),
    access("fairs.leads_csv", EXHIBITOR, args=_fair),
    access("fairs.leads_xlsx", EXHIBITOR, args=_fair),
    access("fairs.shared_leads", THE_BUYER),
    access("fairs.lead_withdraw", THE_BUYER, args=lambda w: {"lead_id": w.lead.id}),
    # The same scan for scripts: the exhibitor's account gets 400 (a form body, not JSON), others 401/403/404.
    access("api.fair_lead", EXHIBITOR, args=_fair),
]
