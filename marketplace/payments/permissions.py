"""Who may see and pay an invoice, and who manages payments: the payer's side and the centre's staff."""

from marketplace.core.permissions import is_staff
from marketplace.extensions import db
from marketplace.producers.models import Producer
from marketplace.producers.permissions import is_member


def is_payer(user, invoice) -> bool:
    """The account the invoice was made out to, or any account acting for the paying producer."""
    if not getattr(user, "is_authenticated", False):
        return False
    if invoice.payer_user_id == user.id:
        return True
    if invoice.payer_producer_id is None:
        return False
    producer = db.session.get(Producer, invoice.payer_producer_id)
    return producer is not None and is_member(user, producer)


def can_manage_payments(user) -> bool:
    return is_staff(user)


def can_view_invoice(user, invoice) -> bool:
    return can_manage_payments(user) or is_payer(user, invoice)


def can_pay_invoice(user, invoice) -> bool:
    return is_payer(user, invoice)
