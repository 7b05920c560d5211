"""The payer's pages: an invoice with its split and payments, paying by card or by bank transfer
(VietQR), receipts, and the list of one's own invoices."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.i18n import current_language
from marketplace.extensions import db, limiter
from marketplace.payments import attention, checkout, labels, ledger, queries, receipts, stripe_gateway, vietqr
from marketplace.payments.blueprint import bp
from marketplace.payments.forms import ActionForm, ConfirmTransferForm, EntryActionForm, RefundForm
from marketplace.payments.models import SUCCEEDED, Invoice, PaymentTransaction
from marketplace.payments.payables import link_for, refusal_for
from marketplace.payments.permissions import can_manage_payments, can_pay_invoice, can_view_invoice
from marketplace.payments.services import PaymentError


@bp.record_once
def _labels(state) -> None:
    # A global, not a context variable: the shared macros in payments/_macros.html need it too.
    state.app.jinja_env.globals["payment_labels"] = labels


def viewable_invoice(reference: str) -> Invoice:
    """Load → check: 404 for an unknown reference and for anyone who may not see it (no leak)."""
    invoice = queries.invoice_by_reference(reference)
    if invoice is None or not can_view_invoice(current_user, invoice):
        abort(404)
    return invoice


def payable_invoice(reference: str) -> Invoice:
    invoice = viewable_invoice(reference)
    if not can_pay_invoice(current_user, invoice):
        abort(403)
    return invoice


def invoice_page(invoice: Invoice, status: int = 200, **forms):
    standing = ledger.standing_of(invoice)
    staff = can_manage_payments(current_user)
    refusal = refusal_for(invoice.payable_kind, invoice.payable_id) if standing.payable else None
    payer = can_pay_invoice(current_user, invoice)
    offered = checkout.providers_for(invoice) if payer and standing.payable and not refusal else []
    context = {
        "invoice": invoice,
        "standing": standing,
        "offered": offered,
        "staff": staff,
        "refusal": refusal,
        "payable_link": invoice.return_path or link_for(invoice.payable_kind, invoice.payable_id),
        "action_form": ActionForm(),
        "refund_needed": staff and invoice.id in attention.refunds_needed([invoice], {invoice.id: standing}),
    }
    if staff:
        context.update(
            confirm_form=forms.get("confirm_form") or ConfirmTransferForm(formdata=None),
            refund_form=forms.get("refund_form") or RefundForm(formdata=None),
            entry_form=EntryActionForm(formdata=None),
        )
    return render_template("payments/invoice.html", **context), status


@bp.route("/mine")
@login_required
def mine():
    invoices = queries.invoices_of_payer(current_user)
    return render_template("payments/mine.html", invoices=invoices, standings=queries.standings_for(invoices))


@bp.route("/<reference>")
@login_required
def invoice(reference: str):
    return invoice_page(viewable_invoice(reference))


@bp.route("/<reference>/stripe", methods=["POST"])
@login_required
@limiter.limit("10 per minute")
def pay_by_card(reference: str):
    invoice = payable_invoice(reference)
    if not ActionForm().validate_on_submit():
        abort(400)
    success = url_for("payments.stripe_success", _external=True) + "?session_id={CHECKOUT_SESSION_ID}"
    cancel = url_for("payments.stripe_cancel", reference=invoice.reference, _external=True)
    try:
        checkout_url = checkout.start_stripe_checkout(
            invoice, success_url=success, cancel_url=cancel, locale=current_language()
        )
    except PaymentError as error:  # shown on the invoice; the 4xx rolls the attempt back
        flash(str(error), "error")
        return invoice_page(invoice, error.status)
    except (stripe_gateway.StripeUnavailable, stripe_gateway.StripeRefused):
        flash(
            _("Card payment is not available right now. Please try again in a few minutes or pay by bank transfer."),
            "error",
        )
        return invoice_page(invoice, 503)
    return redirect(checkout_url, code=303)


@bp.route("/<reference>/bank-transfer", methods=["GET", "POST"])
@login_required
def bank_transfer(reference: str):
    invoice = payable_invoice(reference)
    try:
        if request.method == "POST":
            if not ActionForm().validate_on_submit():
                abort(400)
            checkout.choose_bank_transfer(invoice)
            return redirect(url_for("payments.bank_transfer", reference=invoice.reference), code=303)
        details = checkout.transfer_details(invoice)
    except PaymentError as error:
        flash(str(error), "error")
        return invoice_page(invoice, error.status)
    return render_template(
        "payments/bank_transfer.html",
        invoice=invoice,
        details=details,
        standing=ledger.standing_of(invoice),
        bank_name=labels.bank_name(details.account.bin),
    )


def _qr_payload(reference: str) -> str:
    invoice = payable_invoice(reference)
    try:
        return checkout.transfer_details(invoice).payload
    except PaymentError:
        abort(404)


@bp.route("/<reference>/vietqr.svg")
@login_required
def vietqr_svg(reference: str):
    return Response(vietqr.svg(_qr_payload(reference)), mimetype="image/svg+xml")


@bp.route("/<reference>/vietqr.png")
@login_required
def vietqr_png(reference: str):
    response = Response(vietqr.png(_qr_payload(reference)), mimetype="image/png")
    response.headers["Content-Disposition"] = f'attachment; filename="vietqr-{reference.upper()}.png"'
    return response


@bp.route("/receipts/<int:entry_id>.pdf")
@login_required
def receipt(entry_id: int):
    payment = db.get_or_404(PaymentTransaction, entry_id)
    invoice = payment.invoice
    if payment.status != SUCCEEDED or not can_view_invoice(current_user, invoice):
        abort(404)
    language = request.args.get("lang") if request.args.get("lang") in ("vi", "en") else current_language()
    pdf = receipts.render_receipt(invoice, payment, language)
    response = Response(pdf, mimetype="application/pdf")
    name = f"receipt-{invoice.reference}-{payment.seq}-{language}.pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    return response
