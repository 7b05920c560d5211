"""What waits in payments on 'My work': invoices to pay (payers), money to confirm or refund (staff)."""

from flask import url_for
from flask_babel import get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l

from marketplace.core.i18n import format_vnd
from marketplace.core.permissions import is_staff
from marketplace.core.work import WorkItem, work_section
from marketplace.payments import queries
from marketplace.payments.attention import refunds_needed


def _description(invoice) -> str:
    english = str(get_locale()) == "en" and invoice.description_en
    return invoice.description_en if english else invoice.description


@work_section(20, _l("Payments"))
def payment_work(user) -> list[WorkItem]:
    if is_staff(user):
        return _money_to_handle()
    invoices = queries.invoices_of_payer(user)
    if not invoices:
        return []
    standings = queries.standings_for(invoices)
    items = [
        WorkItem(
            gettext("Pay: %(what)s", what=_description(invoice)),
            url_for("payments.invoice", reference=invoice.reference),
            count=1,
            detail=gettext(
                "%(amount)s to pay, by bank transfer (VietQR) or card where offered; reference %(reference)s",
                amount=format_vnd(standings[invoice.id].outstanding),
                reference=invoice.reference,
            ),
        )
        for invoice in invoices
        if standings[invoice.id].payable and not standings[invoice.id].void
    ]
    items.append(WorkItem(gettext("All my invoices and receipts"), url_for("payments.mine")))
    return items


def _money_to_handle() -> list[WorkItem]:
    """Per group (one per fair): transfers to confirm, money held for review, refunds owed."""
    items = []
    for group in queries.groups():
        invoices = queries.invoices_in_group(group.key)
        standings = queries.standings_for(invoices)
        to_refund = refunds_needed(invoices, standings)
        to_confirm = {
            i.id
            for i in invoices
            if (standings[i.id].pending and not standings[i.id].is_paid and not standings[i.id].void)
            or standings[i.id].needs_attention
        }
        waiting = len(to_confirm | to_refund)
        items.append(
            WorkItem(
                group.label or gettext("Other payments"),
                url_for("payments.manage", group=group.key),
                count=waiting,
                detail=ngettext("%(num)d invoice in all", "%(num)d invoices in all", group.count)
                + " · "
                + gettext(
                    "%(confirm)d to confirm, %(refund)d to refund", confirm=len(to_confirm), refund=len(to_refund)
                ),
            )
        )
    if items:
        items.append(WorkItem(gettext("Import a bank statement"), url_for("payments.statement_upload")))
    return items
