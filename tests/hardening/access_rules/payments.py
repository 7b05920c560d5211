"""Access rules of payments: invoices and how to pay them (the payer's side), the centre's desk, the
Stripe webhook (signed by Stripe, never by a session)."""

from marketplace.extensions import db
from marketplace.payments import services, settlement, statements
from marketplace.payments.payables import is_registered, register_payable_kind
from tests.hardening.access_rules import NOBODY, OWNER, OWNER_OR_STAFF, SIGNED_IN, STAFF, access, world_builder

SWEEP_KIND = "sweep-fee"


def _invoice(world, payable_id: int):
    return services.request_payment(
        payable_kind=SWEEP_KIND,
        payable_id=payable_id,
        payer_user=world.users["producer"],
        payer=services.Party(world.producer.name),
        seller=services.Party("Trung tâm Khuyến công"),
        lines=[services.Line("Gian hàng A1", 1_500_000, 500_000)],
        description="Gian hàng hội chợ",
        payer_producer_id=world.producer.id,
    )


@world_builder(order=50)
def payments(world) -> None:
    """Two invoices made out to the owner's producer (one unpaid, one paid by bank transfer, with its
    receipt entry) and a bank statement uploaded by the centre."""
    if not is_registered(SWEEP_KIND):
        register_payable_kind(SWEEP_KIND, link=lambda payable_id: None)
    world.invoice = _invoice(world, 1)
    world.paid_invoice = _invoice(world, 2)
    world.receipt_entry = settlement.confirm_transfer_by_hand(
        world.paid_invoice, world.paid_invoice.amount_vnd, world.users["organiser"]
    )
    world.statement = statements.upload_statement(
        "sao-ke.csv",
        f'Ngày,Số tiền,Nội dung\n"12/03/2026","1.000.000","CK {world.invoice.reference}"\n',
        world.users["organiser"],
    )
    db.session.flush()


def _reference(w) -> dict:
    return {"reference": w.invoice.reference}


RULES = [
    access("payments.mine", SIGNED_IN),
    access("payments.invoice", OWNER_OR_STAFF, args=_reference),
    access("payments.pay_by_card", OWNER_OR_STAFF - STAFF, args=_reference),  # only the payer pays
    # Tests run without BANK_* settings, so bank transfer answers 422 "not offered" to the payer too.
    access("payments.bank_transfer", OWNER_OR_STAFF - STAFF, args=_reference, exists=False),
    access("payments.vietqr_svg", OWNER_OR_STAFF, args=_reference, exists=False),
    access("payments.vietqr_png", OWNER_OR_STAFF, args=_reference, exists=False),
    access("payments.receipt", OWNER_OR_STAFF, args=lambda w: {"entry_id": w.receipt_entry.id}),
    access("payments.manage", STAFF),
    access("payments.export_xlsx", STAFF),
    access("payments.confirm_transfer", STAFF, args=_reference),
    access("payments.accept_held", STAFF, args=_reference),
    access("payments.refund", STAFF, args=lambda w: {"reference": w.paid_invoice.reference}),
    access("payments.statement_upload", STAFF),
    access("payments.statement_preview", STAFF, args=lambda w: {"statement_id": w.statement.id}),
    access("payments.statement_apply", STAFF, args=lambda w: {"statement_id": w.statement.id}),
    # Where Stripe sends the payer back: what the ledger says, to those who may see the invoice.
    access("payments.stripe_success", OWNER_OR_STAFF, exists=False),  # needs a Checkout session id
    access("payments.stripe_cancel", OWNER_OR_STAFF, args=lambda w: {"reference": w.invoice.reference}),
    # Only a request signed with STRIPE_WEBHOOK_SECRET; without a signature: 400.
    access("payments.stripe_webhook", NOBODY, refused_with=(400,)),
    # Paying for a booth through the API: its producer only (organisers see the booking: 403). The
    # sweep's form body is not JSON, so the producer's request is answered 400, which is not a refusal.
    access("api.booking_checkout", OWNER, args=lambda w: {"booking_id": w.booking.id}),
]
