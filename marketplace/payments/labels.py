"""Words shown for payment states, providers, hold reasons and statement outcomes; bank names by BIN."""

from flask_babel import lazy_gettext as _l

INVOICE_STATUS = {
    "unpaid": _l("Not paid yet"),
    "pending": _l("Payment started"),
    "partly_paid": _l("Partly paid"),
    "paid": _l("Paid"),
    "held": _l("Payment held for review"),
    "void": _l("Cancelled"),
    "partly_refunded": _l("Partly refunded"),
    "refunded": _l("Refunded"),
}
ENTRY_STATUS = {
    "pending": _l("Started"),
    "succeeded": _l("Received"),
    "failed": _l("Failed"),
    "expired": _l("Expired"),
    "held": _l("Held for review"),
    "refunded": _l("Refunded"),
}
PROVIDER = {"stripe": _l("Card (Stripe)"), "bank_transfer": _l("Bank transfer")}
HOLD_REASON = {
    "currency_mismatch": _l("paid in another currency"),
    "invoice_void": _l("arrived after the invoice was cancelled"),
    "invoice_refunded": _l("arrived after a refund"),
    "already_paid": _l("the invoice was already paid"),
    "amount_mismatch": _l("the amount differs from what is owed"),
    "accepted": _l("accepted by the organiser"),
}
STATEMENT_OUTCOME = {
    "matched": _l("Matched"),
    "ambiguous": _l("Needs a decision"),
    "unmatched": _l("Not matched"),
    "already_recorded": _l("Already recorded"),
}
STATEMENT_WHY = {
    "no_reference": _l("no payment reference in the description"),
    "not_a_credit": _l("not a credit"),
    "several_references": _l("several references"),
    "nothing_owed": _l("nothing is owed on this invoice"),
    "amount_differs": _l("the amount differs from what is owed"),
    "several_lines": _l("several lines pay the same invoice"),
}
# NAPAS BINs of the banks most producers use; other BINs are shown as digits.
BANKS = {
    "970436": "Vietcombank",
    "970415": "VietinBank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970407": "Techcombank",
    "970422": "MB Bank",
    "970416": "ACB",
    "970432": "VPBank",
    "970403": "Sacombank",
    "970423": "TPBank",
    "970443": "SHB",
    "970441": "VIB",
}


def label(table: dict, key: str | None) -> str:
    return str(table.get(key, key or ""))


def bank_name(bank_bin: str) -> str:
    return BANKS.get(bank_bin, bank_bin)
