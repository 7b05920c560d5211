"""Starting a payment: which providers an invoice offers, a Stripe Checkout Session per attempt, and
the bank transfer details (account, amount, reference, VietQR payload)."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.core.signals import checkout_started
from marketplace.extensions import db
from marketplace.payments import ledger, settlement, stripe_gateway, vietqr
from marketplace.payments.models import BANK_TRANSFER, STRIPE, Invoice, PaymentTransaction
from marketplace.payments.payables import refusal_for
from marketplace.payments.services import BankAccount, PaymentError

NOT_OFFERED = "provider_unavailable"  # the API's codes (api-v1.md): a way of paying this invoice does not offer,
NOT_PAYABLE = "not_payable"  # and an invoice (or its payable) that takes no payment now


def bank_account_for(invoice: Invoice) -> BankAccount | None:
    """The invoice's own account (per fair), else the site's BANK_* settings, else none."""
    if invoice.bank_bin and invoice.bank_account_number:
        return BankAccount(invoice.bank_bin, invoice.bank_account_number, invoice.bank_account_name or "")
    config = current_app.config
    if config.get("BANK_BIN") and config.get("BANK_ACCOUNT_NUMBER"):
        return BankAccount(config["BANK_BIN"], config["BANK_ACCOUNT_NUMBER"], config.get("BANK_ACCOUNT_NAME") or "")
    return None


def providers_for(invoice: Invoice) -> list[str]:
    """Only what is configured is offered: Stripe with its keys, bank transfer with an account."""
    offered = []
    if stripe_gateway.is_configured():
        offered.append(STRIPE)
    if bank_account_for(invoice) is not None:
        offered.append(BANK_TRANSFER)
    return offered


def _check_payable(invoice: Invoice, provider: str) -> ledger.Standing:
    if provider not in providers_for(invoice):
        raise PaymentError(_l("This way of paying is not available."), 422, code=NOT_OFFERED)
    standing = ledger.standing_of(invoice)
    if not standing.payable:
        raise PaymentError(_l("There is nothing left to pay on this invoice."), 409, code=NOT_PAYABLE)
    refusal = refusal_for(invoice.payable_kind, invoice.payable_id)
    if refusal:
        raise PaymentError(refusal, 409, code=NOT_PAYABLE)
    return standing


def start_stripe_checkout(invoice: Invoice, *, success_url: str, cancel_url: str, locale: str) -> str:
    """Create the next Checkout Session for the outstanding amount and return its URL. The idempotency
    key names the invoice and the attempt, so a retried request cannot open a second session."""
    ledger.lock(invoice)
    standing = _check_payable(invoice, STRIPE)
    attempt = 1 + db.session.scalar(
        select(func.count(func.distinct(PaymentTransaction.provider_ref))).where(
            PaymentTransaction.invoice_id == invoice.id, PaymentTransaction.provider == STRIPE
        )
    )
    metadata = {
        "invoice_reference": invoice.reference,
        "payable": f"{invoice.payable_kind}:{invoice.payable_id}",
        "attempt": str(attempt),
    }
    session = stripe_gateway.create_checkout_session(
        reference=invoice.reference,
        metadata=metadata,
        amount_vnd=standing.outstanding,
        name=f"{invoice.description} ({invoice.reference})",
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=f"checkout-{invoice.reference}-{attempt}",
        locale=locale,
        email=invoice.payer_email,
    )
    settlement.record_pending(
        invoice,
        STRIPE,
        session["id"],
        int(session.get("amount_total") or standing.outstanding),
        currency=str(session.get("currency") or "vnd").upper(),
        data={"attempt": attempt},
    )
    checkout_started.send(invoice, provider=STRIPE)
    return session["url"]


@dataclass(frozen=True)
class TransferDetails:
    account: BankAccount
    amount_vnd: int
    reference: str
    payload: str


def transfer_details(invoice: Invoice) -> TransferDetails:
    """What the payer types or scans: account, the amount outstanding, and the reference as the note."""
    account = bank_account_for(invoice)
    if account is None:
        raise PaymentError(_l("This way of paying is not available."), 422, code=NOT_OFFERED)
    refusal = refusal_for(invoice.payable_kind, invoice.payable_id)
    if refusal:  # a QR code shown after the hold ran out would invite money we may have to send back
        raise PaymentError(refusal, 409, code=NOT_PAYABLE)
    amount = ledger.standing_of(invoice).outstanding
    payload = vietqr.build_payload(account.bin, account.number, amount or None, invoice.reference)
    return TransferDetails(account, amount, invoice.reference, payload)


def choose_bank_transfer(invoice: Invoice) -> TransferDetails:
    """The payer will transfer: tell the payable's owner (bookings hold longer), then give the details."""
    _check_payable(invoice, BANK_TRANSFER)
    checkout_started.send(invoice, provider=BANK_TRANSFER)
    return transfer_details(invoice)


def begin_checkout(invoice: Invoice, provider: str, *, success_url: str, cancel_url: str, locale: str) -> dict:
    """What `POST /api/v1/bookings/{id}/checkout` answers (api-v1.md): Stripe -> {"checkout_url"};
    bank transfer -> {"reference", "vietqr", "amount_vnd"}. PaymentError for a provider not offered."""
    if provider == STRIPE:
        url = start_stripe_checkout(invoice, success_url=success_url, cancel_url=cancel_url, locale=locale)
        return {"checkout_url": url}
    if provider == BANK_TRANSFER:
        details = choose_bank_transfer(invoice)
        return {"reference": details.reference, "vietqr": details.payload, "amount_vnd": details.amount_vnd}
    raise PaymentError(_l("This way of paying is not available."), 422, code=NOT_OFFERED)
