"""Thread pages: write to a producer (signed out, the draft waits), inboxes, a thread, messages, quotes, closing."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required

from marketplace.catalogue.models import Product
from marketplace.core.forms import show_refusal
from marketplace.core.pagination import page_number
from marketplace.core.permissions import is_staff
from marketplace.core.routing import MAX_ID
from marketplace.core.security import safe_next
from marketplace.extensions import db
from marketplace.inquiries import attachments, limits, notifications, queries, services, spam
from marketplace.inquiries.blueprint import bp
from marketplace.inquiries.forms import ActionForm, CloseForm, InquiryForm, MessageForm, QuoteForm, SettingsForm
from marketplace.inquiries.models import BUYER, PRODUCER, STATUSES
from marketplace.inquiries.permissions import (
    can_close_thread,
    can_decide_quote,
    can_quote,
    can_report_spam,
    can_send_inquiry,
    can_view_thread,
    can_write_in_thread,
    side_of,
)
from marketplace.media.uploads import limit_uploads
from marketplace.producers.models import Producer

DRAFT_COOKIE = "inquiry_draft"


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) <= MAX_ID else None


def _target() -> tuple[Producer, Product | None]:
    """The producer (and product) the inquiry is about, from ?product_id= or ?producer_id=; 404 if not public."""
    product_id, producer_id = _int_arg("product_id"), _int_arg("producer_id")
    if product_id:
        product = db.session.get(Product, product_id)
        if product is None or not product.is_published or not product.producer.is_published:
            abort(404)
        return product.producer, product
    producer = db.session.get(Producer, producer_id) if producer_id else None
    if producer is None or not producer.is_published:
        abort(404)
    return producer, None


def _draft_payload(form: InquiryForm, producer, product) -> dict:
    data = form.details()
    if data["wanted_by"]:
        data["wanted_by"] = data["wanted_by"].isoformat()
    return {"producer_id": producer.id, "product_id": product.id if product else None, **data}


def _prefill(form: InquiryForm, producer, product) -> bool:
    """Fill a fresh form from the visitor's saved draft for this same target; True when it did."""
    draft = services.find_draft(request.cookies.get(DRAFT_COOKIE))
    if draft is None or draft.payload.get("producer_id") != producer.id:
        return False
    if draft.payload.get("product_id") != (product.id if product else None):
        return False
    data = {k: v for k, v in draft.payload.items() if k in form._fields}
    data["wanted_by"] = date.fromisoformat(data["wanted_by"]) if data.get("wanted_by") else None
    form.process(data=data)
    return True


@bp.route("/inquiries/new", methods=["GET", "POST"])
@limits.limited(limits.INQUIRY_ACCOUNT, limits.INQUIRY_ADDRESS, limits.inquiry_message)
def new():
    producer, product = _target()
    form = InquiryForm()
    restored = request.method == "GET" and _prefill(form, producer, product)
    signed_in = current_user.is_authenticated
    if signed_in and not can_send_inquiry(current_user):
        if current_user.role == "buyer":
            raise services.InquiryError(_l("Please confirm your email address first: we sent you a link."), status=403)
        raise services.InquiryError(_l("Only buyer accounts can send inquiries."), status=403)
    if form.validate_on_submit():
        if not signed_in:
            return _keep_draft(form, producer, product)
        inquiry = services.start_inquiry(current_user, producer, product, form.details())
        limits.take_allowance()
        services.drop_draft(request.cookies.get(DRAFT_COOKIE))
        flash(_("Your inquiry was sent to %(name)s.", name=producer.name), "success")
        response = redirect(url_for("inquiries.thread", inquiry_id=inquiry.id))
        response.delete_cookie(DRAFT_COOKIE)
        return response
    status = 422 if form.is_submitted() else 200
    return render_template(
        "inquiries/new.html", form=form, producer=producer, product=product, signed_in=signed_in, restored=restored
    ), status


def _keep_draft(form, producer, product):
    """Signed out: keep what they typed and send them to log in or register; the form comes back filled."""
    token = services.save_draft(_draft_payload(form, producer, product))
    limits.take_allowance()
    back = request.full_path.rstrip("?")
    response = redirect(url_for("inquiries.draft_saved", next=back))
    response.set_cookie(
        DRAFT_COOKIE,
        token,
        max_age=services.DRAFT_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


@bp.route("/inquiries/draft")
def draft_saved():
    back = safe_next(request.args.get("next"), url_for("catalogue.products"))
    return render_template("inquiries/draft_saved.html", back=back)


@bp.route("/inquiries")
@login_required
def inbox():
    if is_staff(current_user):
        return redirect(url_for("inquiries.dashboard"))
    status = request.args.get("status")
    page = page_number(request.args.get("page"))
    box = queries.inbox(current_user, status if status in STATUSES else None, page)
    if box is None:
        abort(403)
    return render_template(
        "inquiries/inbox.html",
        box=box,
        statuses=STATUSES,
        page_url=lambda n: url_for("inquiries.inbox", status=box.status, page=n if n > 1 else None),
    )


def _load_thread(inquiry_id: int, write: bool = False):
    inquiry = queries.get_thread(inquiry_id)
    allowed = inquiry is not None and (
        can_write_in_thread(current_user, inquiry) if write else can_view_thread(current_user, inquiry)
    )
    if not allowed:
        abort(404)  # existence of other people's threads must not leak
    return inquiry


def _thread_page(inquiry, message_form=None, quote_form=None, status=200):
    side = side_of(current_user, inquiry)
    return render_template(
        "inquiries/thread.html",
        inquiry=inquiry,
        side=side,
        message_form=message_form or MessageForm(),
        quote_form=quote_form or QuoteForm(unit=inquiry.unit),
        close_form=CloseForm(),
        action_form=ActionForm(),
        can_quote=can_quote(current_user, inquiry),
        can_close=can_close_thread(current_user, inquiry),
        can_report=can_report_spam(current_user, inquiry),
        can_decide={q.id: can_decide_quote(current_user, q) for q in inquiry.quotes},
    ), status


@bp.route("/inquiries/<int:inquiry_id>")
@login_required
def thread(inquiry_id: int):
    inquiry = _load_thread(inquiry_id)
    side = side_of(current_user, inquiry)
    if side is not None and inquiry.unread_for(side):
        # Bookkeeping of what this reader has seen (like a mail client), not a change to the thread.
        services.mark_read(inquiry, side)
    return _thread_page(inquiry)[0]


def _finish(inquiry, message: str):
    flash(message, "success")
    return redirect(url_for("inquiries.thread", inquiry_id=inquiry.id) + "#latest")


def _attachment_fields(upload) -> tuple[dict | None, attachments.AttachmentError | None]:
    """Check and store an uploaded file; returns (message fields, None) or (None, why it was refused)."""
    if upload is None or not getattr(upload, "filename", ""):
        return None, None
    data = upload.read(attachments.MAX_PDF_BYTES + 1)
    try:
        checked = attachments.check_attachment(data, upload.filename)
    except attachments.AttachmentError as error:
        return None, error
    key = attachments.store(checked, current_app.config["DATA_DIR"])
    return {
        "attachment_key": key,
        "attachment_name": checked.name,
        "attachment_kind": checked.kind,
        "attachment_size": len(checked.content),
    }, None


@bp.route("/inquiries/<int:inquiry_id>/messages", methods=["POST"])
@login_required
@limits.limited(limits.MESSAGE_ACCOUNT, limits.MESSAGE_ADDRESS, limits.message_message)
@limit_uploads
def post_message(inquiry_id: int):
    inquiry = _load_thread(inquiry_id, write=True)
    form = MessageForm()
    if not form.validate_on_submit():
        return _thread_page(inquiry, message_form=form, status=422)
    fields, problem = _attachment_fields(form.attachment.data)
    if problem:
        show_refusal(form, problem)
        return _thread_page(inquiry, message_form=form, status=problem.status)
    try:
        services.post_message(inquiry, current_user, side_of(current_user, inquiry), form.body.data, fields)
        limits.take_allowance()
    except (services.InquiryError, RateLimitExceeded):
        attachments.discard((fields or {}).get("attachment_key"), current_app.config["DATA_DIR"])
        raise  # refused: the unit of work rolls back; the stored file must go too
    return _finish(inquiry, _("Your message was sent."))


@bp.route("/inquiries/<int:inquiry_id>/files/<int:message_id>")
@login_required
def attachment(inquiry_id: int, message_id: int):
    inquiry = _load_thread(inquiry_id)
    message = next((m for m in inquiry.messages if m.id == message_id), None)
    path = attachments.path_of(message.attachment_key, current_app.config["DATA_DIR"]) if message else None
    if path is None:
        abort(404)
    is_pdf = message.attachment_kind == "pdf"
    # PDFs always download (never rendered from our origin); photos are clean re-encoded JPEGs.
    response = send_file(
        path,
        mimetype="application/pdf" if is_pdf else "image/jpeg",
        as_attachment=is_pdf,
        download_name=message.attachment_name,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/inquiries/<int:inquiry_id>/quotes", methods=["POST"])
@login_required
def send_quote(inquiry_id: int):
    inquiry = _load_thread(inquiry_id, write=True)
    if not can_quote(current_user, inquiry):
        abort(403)
    form = QuoteForm()
    if not form.validate_on_submit():
        return _thread_page(inquiry, quote_form=form, status=422)
    services.send_quote(inquiry, current_user, form.details())
    return _finish(inquiry, _("Your quote was sent."))


def _load_quote(quote_id: int):
    quote = queries.get_quote(quote_id)
    if quote is None or side_of(current_user, quote.inquiry) is None:
        abort(404)
    return quote


@bp.route("/inquiries/quotes/<int:quote_id>/<any(accept, decline):decision>", methods=["POST"])
@login_required
def decide_quote(quote_id: int, decision: str):
    quote = _load_quote(quote_id)
    if side_of(current_user, quote.inquiry) != BUYER:
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not can_decide_quote(current_user, quote):
        raise services.InquiryError(_l("This quote was already answered."), status=409)
    (services.accept_quote if decision == "accept" else services.decline_quote)(quote)
    done = (
        _("You accepted the quote. The producer has been told.")
        if decision == "accept"
        else _("You declined the quote.")
    )
    return _finish(quote.inquiry, done)


@bp.route("/inquiries/<int:inquiry_id>/close", methods=["POST"])
@login_required
def close(inquiry_id: int):
    inquiry = _load_thread(inquiry_id, write=True)
    form = CloseForm()
    if not form.validate_on_submit():
        return _thread_page(inquiry, status=422)
    services.close_thread(inquiry, form.outcome.data)
    return _finish(inquiry, _("The conversation is closed."))


@bp.route("/inquiries/<int:inquiry_id>/report", methods=["POST"])
@login_required
def report(inquiry_id: int):
    inquiry = _load_thread(inquiry_id, write=True)
    if side_of(current_user, inquiry) != PRODUCER or not can_report_spam(current_user, inquiry):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    spam.report_spam(inquiry, current_user)
    flash(_("Reported as spam. You will not see this conversation again."), "success")
    return redirect(url_for("inquiries.inbox"))


@bp.route("/inquiries/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm(next=request.args.get("next"))
    if request.method == "GET":
        form.daily_digest.data = notifications.wants_digest(current_user)
    if form.validate_on_submit():
        services.set_daily_digest(current_user, form.daily_digest.data)
        flash(_("Your email settings were saved."), "success")
        return redirect(safe_next(form.next.data, url_for("inquiries.settings")))
    return render_template("inquiries/settings.html", form=form), 422 if form.is_submitted() else 200
