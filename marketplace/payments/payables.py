"""The kinds of thing that can be paid for (a booking, a fee): each area registers its own, so
payments can name and link what an invoice is for without importing that area."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PayableKind:
    kind: str
    # (payable_id) -> the page where the payer sees the thing paid for, or None
    link: Callable[[int], str | None] | None = None
    # (payable_id) -> why it cannot be paid now (a translated message), or None when it can: a booking
    # whose hold ran out must not start a new checkout although its invoice is still open.
    refusal: Callable[[int], object | None] | None = None
    # (this kind's invoices, their standings by invoice id) -> disagreements between the things paid
    # for and their invoices (see check.py); the owner knows what "paid" means for its things.
    audit: Callable[[list, dict], list] | None = None


PAYABLE_KINDS: dict[str, PayableKind] = {}


def register_payable_kind(
    kind: str,
    link: Callable[[int], str | None] | None = None,
    refusal: Callable[[int], object | None] | None = None,
    audit: Callable[[list, dict], list] | None = None,
) -> PayableKind:
    """Declare a payable kind (at import time of the area that owns it); registering again replaces it."""
    if not kind or len(kind) > 30:
        raise ValueError("a payable kind is a short name such as 'booking'")
    PAYABLE_KINDS[kind] = PayableKind(kind, link, refusal, audit)
    return PAYABLE_KINDS[kind]


def is_registered(kind: str) -> bool:
    return kind in PAYABLE_KINDS


def link_for(kind: str, payable_id: int) -> str | None:
    registered = PAYABLE_KINDS.get(kind)
    if registered is None or registered.link is None:
        return None
    return registered.link(payable_id)


def refusal_for(kind: str, payable_id: int):
    """Why this payable cannot be paid right now (its owner says), or None."""
    registered = PAYABLE_KINDS.get(kind)
    if registered is None or registered.refusal is None:
        return None
    return registered.refusal(payable_id)
