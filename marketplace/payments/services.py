"""Invoices: other areas ask for a payment (`request_payment`) and withdraw the request
(`cancel_payment_request`) or change its price before any money came (`reprice_payment_request`);
payments then learns of the money through its providers."""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.core.models import utcnow
from marketplace.core.money import MAX_INVOICE_VND  # noqa: F401  (re-exported: payments.services.MAX_INVOICE_VND)
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.payments import ledger
from marketplace.payments.models import Invoice, InvoiceLine
from marketplace.payments.payables import is_registered

REFERENCE_PREFIX = "CNNT"
# No 0/O, 1/I/L: a reference is read aloud on the phone and typed into banking apps.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6
_ACCOUNT_NUMBER = re.compile(r"^[0-9A-Za-z]{4,19}$")


class PaymentError(RuleError):
    """A request payments refuses; `message` is translated, `status` the HTTP status (core.rules)."""

    def __init__(
        self, message, status: int | None = None, *, code: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message, field, status=status, code=code)


@dataclass(frozen=True)
class Party:
    """A seller or payer as printed on receipts."""

    name: str
    tax_code: str | None = None
    address: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Line:
    """One thing charged; the payer pays list price minus subsidy."""

    description: str
    list_price_vnd: int
    subsidy_vnd: int = 0
    description_en: str | None = None

    @property
    def amount_vnd(self) -> int:
        return self.list_price_vnd - self.subsidy_vnd


@dataclass(frozen=True)
class BankAccount:
    bin: str
    number: str
    name: str


def new_reference() -> str:
    """A short upper-case ASCII reference, unique among invoices, e.g. CNNT7K3F9Q."""
    while True:
        code = REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if db.session.scalar(select(Invoice.id).where(Invoice.reference == code)) is None:
            return code


def _check_lines(lines: list[Line]) -> int:
    if not lines:
        raise PaymentError(_l("An invoice needs at least one line."))
    for line in lines:
        if not isinstance(line.list_price_vnd, int) or not isinstance(line.subsidy_vnd, int):
            raise PaymentError(_l("Amounts are whole numbers of đồng."))
        if line.list_price_vnd < 0 or not 0 <= line.subsidy_vnd <= line.list_price_vnd:
            raise PaymentError(_l("A subsidy cannot be negative or larger than the list price."))
        if line.list_price_vnd > MAX_INVOICE_VND:  # the line's columns are 32-bit, like the total's
            raise PaymentError(_l("There is nothing to pay, or the amount is too large."))
    total = sum(line.amount_vnd for line in lines)
    if not 0 < total <= MAX_INVOICE_VND:
        raise PaymentError(_l("There is nothing to pay, or the amount is too large."))
    return total


def _check_bank_account(account: BankAccount | None) -> None:
    if account is None:
        return
    if not (account.bin.isdigit() and len(account.bin) == 6):
        raise PaymentError(_l("The bank's BIN has 6 digits."))
    if not _ACCOUNT_NUMBER.match(account.number) or not account.name.strip():
        raise PaymentError(_l("The bank account number or name is not valid."))


def request_payment(
    *,
    payable_kind: str,
    payable_id: int,
    payer_user,
    payer: Party,
    seller: Party,
    lines: list[Line],
    description: str,
    description_en: str | None = None,
    payer_producer_id: int | None = None,
    context: tuple[str, int, str] | None = None,
    bank_account: BankAccount | None = None,
    return_path: str | None = None,
    due_at: datetime | None = None,
) -> Invoice:
    """The invoice for one payable thing, created on first request (asking again returns the same
    one). `context` groups invoices for the organiser, e.g. ("fair", 3, "Hội chợ CNNT 2026")."""
    existing = db.session.scalar(
        select(Invoice).where(Invoice.payable_kind == payable_kind, Invoice.payable_id == payable_id)
    )
    if existing is not None:
        return existing
    if not is_registered(payable_kind):
        raise ValueError(f"unknown payable kind {payable_kind!r}: register it with register_payable_kind")
    total = _check_lines(lines)
    _check_bank_account(bank_account)
    context_kind, context_id, context_label = context or (None, None, None)
    invoice = Invoice(
        reference=new_reference(),
        payable_kind=payable_kind,
        payable_id=payable_id,
        context_kind=context_kind,
        context_id=context_id,
        context_label=context_label,
        description=description[:200],
        description_en=(description_en or None) and description_en[:200],
        amount_vnd=total,
        currency="VND",
        payer_user_id=getattr(payer_user, "id", None),
        payer_producer_id=payer_producer_id,
        payer_name=payer.name,
        payer_tax_code=payer.tax_code,
        payer_address=payer.address,
        payer_email=payer.email or getattr(payer_user, "email", None),
        seller_name=seller.name,
        seller_tax_code=seller.tax_code,
        seller_address=seller.address,
        bank_bin=bank_account.bin if bank_account else None,
        bank_account_number=bank_account.number if bank_account else None,
        bank_account_name=bank_account.name if bank_account else None,
        return_path=return_path,
        due_at=due_at,
    )
    invoice.lines = [
        InvoiceLine(
            position=n,
            description=line.description,
            description_en=line.description_en,
            list_price_vnd=line.list_price_vnd,
            subsidy_vnd=line.subsidy_vnd,
            amount_vnd=line.amount_vnd,
        )
        for n, line in enumerate(lines)
    ]
    db.session.add(invoice)
    db.session.flush()
    return invoice


def reprice_payment_request(
    invoice: Invoice, lines: list[Line], description: str | None = None, description_en: str | None = None
) -> Invoice:
    """What is paid for changed before any money came (a booking moved to a booth of another price):
    the invoice's lines and amount follow. Refused (409) once money has arrived or is held, or when
    the invoice is void. An attempt already started for the old amount stays harmless: money of a
    different amount is held for the organiser, never counted."""
    ledger.lock(invoice)
    standing = ledger.standing_of(invoice)
    if standing.void or standing.received or standing.held or standing.refunded:
        raise PaymentError(_l("Money has already arrived for this invoice: settle it before changing the price."), 409)
    total = _check_lines(lines)
    invoice.lines = [
        InvoiceLine(
            position=n,
            description=line.description,
            description_en=line.description_en,
            list_price_vnd=line.list_price_vnd,
            subsidy_vnd=line.subsidy_vnd,
            amount_vnd=line.amount_vnd,
        )
        for n, line in enumerate(lines)
    ]
    invoice.amount_vnd = total
    if description:
        invoice.description = description[:200]
    if description_en:
        invoice.description_en = description_en[:200]
    db.session.flush()
    return invoice


def cancel_payment_request(invoice: Invoice) -> None:
    """The thing is no longer for sale (booking cancelled or expired): no new checkout starts, and
    money that still arrives is held for the organiser to refund rather than counted."""
    if invoice.void_at is None:
        invoice.void_at = utcnow()
        db.session.flush()
