"""The organiser's desk: payments per fair with outstanding amounts, export, confirming transfers,
accepting held money, refunds, and bank statement import with a preview before anything is applied."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.core.audit import record_event
from marketplace.core.downloads import attachment
from marketplace.core.forms import show_refusal
from marketplace.core.permissions import ADMIN, ORGANISER, role_required
from marketplace.extensions import db
from marketplace.payments import attention as refund_flags
from marketplace.payments import export, queries, refunds, settlement, statements
from marketplace.payments.blueprint import bp
from marketplace.payments.forms import ActionForm, ConfirmTransferForm, EntryActionForm, RefundForm, StatementForm
from marketplace.payments.models import BankStatement, PaymentTransaction
from marketplace.payments.services import PaymentError
from marketplace.payments.views import invoice_page, viewable_invoice

staff_only = role_required(ORGANISER, ADMIN)


@bp.route("/manage")
@staff_only
def manage():
    groups = queries.groups()
    key = request.args.get("group") or (groups[0].key if groups else None)
    invoices = queries.invoices_in_group(key) if key else []
    standings = queries.standings_for(invoices)
    totals = {
        name: sum(getattr(s, name) for s in standings.values())
        for name in ("due", "received", "refunded", "held", "outstanding")
    }
    to_refund = refund_flags.refunds_needed(invoices, standings)
    attention = [i for i in invoices if standings[i.id].needs_attention or i.id in to_refund]
    return render_template(
        "payments/manage/index.html",
        groups=groups,
        current=key,
        invoices=invoices,
        standings=standings,
        totals=totals,
        attention=attention,
        to_refund=to_refund,
    )


@bp.route("/manage/export.xlsx")
@staff_only
def export_xlsx():
    key = request.args.get("group", "")
    invoices = queries.invoices_in_group(key)
    safe_key = "".join(c if c.isalnum() else "-" for c in key) or "all"
    return attachment(
        export.invoices_workbook(invoices),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"payments-{safe_key}.xlsx",
    )


def _staff_invoice(reference: str):
    invoice = viewable_invoice(reference)
    if not current_user.is_authenticated or current_user.role not in (ORGANISER, ADMIN):
        abort(403)
    return invoice


def _entry_of(invoice, raw_id) -> PaymentTransaction:
    entry = db.session.get(PaymentTransaction, int(raw_id)) if str(raw_id).isdigit() else None
    if entry is None or entry.invoice_id != invoice.id:
        abort(404)
    return entry


def _done(invoice, action: str, message: str, **detail):
    record_event(action, actor=current_user, subject=f"invoice:{invoice.reference}", **detail)
    flash(message, "success")
    return redirect(url_for("payments.invoice", reference=invoice.reference), code=303)


@bp.route("/<reference>/confirm-transfer", methods=["POST"])
@staff_only
def confirm_transfer(reference: str):
    invoice = _staff_invoice(reference)
    form = ConfirmTransferForm()
    if not form.validate_on_submit():
        return invoice_page(invoice, 422, confirm_form=form)
    entry = settlement.confirm_transfer_by_hand(invoice, form.amount_vnd.data, current_user, form.note.data)
    held = entry is not None and entry.status != "succeeded"
    message = (
        _("The transfer is recorded but held: it is not what is owed. Accept or refund it below.")
        if held
        else _("The transfer is recorded.")
    )
    return _done(invoice, "payments.transfer_confirmed", message, amount_vnd=form.amount_vnd.data)


@bp.route("/<reference>/accept", methods=["POST"])
@staff_only
def accept_held(reference: str):
    invoice = _staff_invoice(reference)
    form = EntryActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        settlement.accept_held(invoice, _entry_of(invoice, form.entry_id.data), current_user)
    except PaymentError as error:  # shown on the invoice; the 4xx rolls the attempt back
        flash(str(error), "error")
        return invoice_page(invoice, error.status)
    return _done(invoice, "payments.held_accepted", _("The held payment now counts as paid."))


@bp.route("/<reference>/refund", methods=["POST"])
@staff_only
def refund(reference: str):
    invoice = _staff_invoice(reference)
    form = RefundForm()
    if not form.validate_on_submit():
        return invoice_page(invoice, 422, refund_form=form)
    entry = _entry_of(invoice, form.entry_id.data)
    try:
        refunds.refund(invoice, entry, form.amount_vnd.data, current_user, form.note.data)
    except PaymentError as error:
        show_refusal(form, error)
        return invoice_page(invoice, error.status, refund_form=form)
    except refunds.RefundNotSent:  # the 503 rolls back whatever the attempt wrote
        flash(_("Stripe did not carry out the refund. Nothing was recorded; please try again later."), "error")
        return invoice_page(invoice, 503, refund_form=form)
    return _done(invoice, "payments.refunded", _("The refund is recorded."), amount_vnd=form.amount_vnd.data)


@bp.route("/manage/statements", methods=["GET", "POST"])
@staff_only
def statement_upload():
    form = StatementForm()
    if form.validate_on_submit():
        raw = form.statement.data.read(2 * 1024 * 1024 + 1)
        try:
            if len(raw) > 2 * 1024 * 1024:
                raise PaymentError(_("The statement is larger than 2 MB."), field=statements.FIELD)
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.statement.errors.append(_("Save the statement as CSV in UTF-8."))
        except PaymentError as error:
            show_refusal(form, error)
        else:
            try:
                statement = statements.upload_statement(
                    form.statement.data.filename or "statement.csv", content, current_user
                )
            except PaymentError as error:
                show_refusal(form, error)
            else:
                return redirect(url_for("payments.statement_preview", statement_id=statement.id), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("payments/manage/statement_upload.html", form=form), status


@bp.route("/manage/statements/<int:statement_id>")
@staff_only
def statement_preview(statement_id: int):
    statement = db.get_or_404(BankStatement, statement_id)
    lines = statements.match(statements.read_statement(statement.content))
    counts = {
        outcome: sum(1 for line in lines if line.outcome == outcome)
        for outcome in (statements.MATCHED, statements.AMBIGUOUS, statements.UNMATCHED, statements.ALREADY)
    }
    return render_template(
        "payments/manage/statement_preview.html", statement=statement, lines=lines, counts=counts, form=ActionForm()
    )


@bp.route("/manage/statements/<int:statement_id>/apply", methods=["POST"])
@staff_only
def statement_apply(statement_id: int):
    statement = db.get_or_404(BankStatement, statement_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    applied = statements.apply_statement(statement, current_user)
    record_event(
        "payments.statement_applied", actor=current_user, subject=f"statement:{statement.id}", applied=len(applied)
    )
    flash(_("%(n)s payment(s) recorded from the statement.", n=len(applied)), "success")
    return redirect(url_for("payments.statement_preview", statement_id=statement.id), code=303)
