"""API for inquiries, quotes and the buying-request board: only a thread's two parties see it (404 otherwise).
A rule's refusal (InquiryError) is left to core.errors, which answers it in English with its status and code."""

from datetime import date

from flask import jsonify, request
from flask_babel import force_locale
from flask_limiter import RateLimitExceeded
from werkzeug.datastructures import MultiDict

from marketplace.api.auth import bearer_user, token_required
from marketplace.api.blueprint import bp
from marketplace.catalogue.models import Product
from marketplace.core.errors import api_error
from marketplace.extensions import db
from marketplace.inquiries import board, limits, queries, services
from marketplace.inquiries.forms import InquiryForm, MessageForm, QuoteForm, RequestForm
from marketplace.inquiries.models import BUYER, PRODUCER
from marketplace.inquiries.permissions import (
    can_answer_request,
    can_decide_quote,
    can_post_request,
    can_quote,
    can_send_inquiry,
    side_of,
)
from marketplace.producers.permissions import producers_of

bp.register_error_handler(RateLimitExceeded, limits.too_many)


def _iso(value):
    return value.isoformat() if value is not None else None


def quote_json(quote) -> dict:
    return {
        "id": quote.id,
        "status": quote.status,
        "unit_price_vnd": quote.unit_price_vnd,
        "unit": quote.unit,
        "min_quantity": quote.min_quantity,
        "lead_time_days": quote.lead_time_days,
        "valid_until": _iso(quote.valid_until),
        "delivery_terms": quote.delivery_terms,
        "note": quote.note,
        "created_at": _iso(quote.created_at),
    }


def inquiry_json(inquiry, side: str, full: bool = False) -> dict:
    data = {
        "id": inquiry.id,
        "status": inquiry.status,
        "outcome": inquiry.outcome,
        "subject": inquiry.subject,
        "producer": {"id": inquiry.producer_id, "name": inquiry.producer.name},
        "buyer": {"id": inquiry.buyer_id, "name": inquiry.buyer.display_name},
        "product": {"id": inquiry.product.id, "name": inquiry.product.name} if inquiry.product else None,
        "request_id": inquiry.request_id,
        "quantity": inquiry.quantity,
        "unit": inquiry.unit,
        "target_price_vnd": inquiry.target_price_vnd,
        "wanted_by": _iso(inquiry.wanted_by),
        "created_at": _iso(inquiry.created_at),
        "last_activity_at": _iso(inquiry.last_activity_at),
        "unread": inquiry.unread_for(side),
    }
    if full:
        data["messages"] = [
            {
                "id": m.id,
                "side": m.side,
                "body": m.body,
                "created_at": _iso(m.created_at),
                "attachment": {"name": m.attachment_name, "kind": m.attachment_kind, "size": m.attachment_size}
                if m.attachment_key
                else None,
            }
            for m in inquiry.messages
        ]
        data["quotes"] = [quote_json(q) for q in inquiry.quotes]
    return data


def request_json(item) -> dict:
    return {
        "id": item.id,
        "title": item.title,
        "group": item.group_number,
        "details": item.details,
        "quantity": item.quantity,
        "unit": item.unit,
        "province": item.province_code,
        "export_market": item.export_market,
        "deadline": _iso(item.deadline),
        "open": item.is_open_on(date.today()),
        "created_at": _iso(item.created_at),
    }


def _form(form_class):
    """Validate the JSON body with the site's own form (English messages); (form, None) or (None, error)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return None, api_error(400, "Send a JSON object.")
    scalars = {k: str(v) for k, v in body.items() if isinstance(v, str | int | float) and not isinstance(v, bool)}
    with force_locale("en"):
        form = form_class(formdata=MultiDict(scalars), meta={"csrf": False})
        if form.validate():
            return form, None
        field, errors = next(iter(form.errors.items()))
        return None, api_error(422, f"{field}: {errors[0]}")


def _created(payload: dict):
    return jsonify(payload), 201


@bp.route("/products/<int:product_id>/inquiries", methods=["POST"])
@limits.limited(limits.INQUIRY_ACCOUNT, limits.INQUIRY_ADDRESS, limits.inquiry_message)
@token_required
def api_create_inquiry(product_id: int):
    user = bearer_user()
    product = db.session.get(Product, product_id) if product_id <= queries.MAX_ID else None
    if product is None or not product.is_published or not product.producer.is_published:
        return api_error(404)
    if not can_send_inquiry(user):
        return api_error(403, "Only buyer accounts with a confirmed email address can send inquiries.")
    form, error = _form(InquiryForm)
    if error:
        return error
    inquiry = services.start_inquiry(user, product.producer, product, form.details())
    limits.take_allowance()  # counted atomically now that the request is accepted
    return _created({"id": inquiry.id, "status": inquiry.status})


@bp.route("/inquiries", methods=["GET"])
@token_required
def api_list_inquiries():
    user = bearer_user()
    box = queries.inbox(user, request.args.get("status"), 1, 100)
    if box is None:
        return jsonify({"items": [], "unread": 0})
    return jsonify(
        {"items": [inquiry_json(t, box.side) for t in box.threads], "unread": box.unread, "total": box.total}
    )


def _thread(inquiry_id: int):
    inquiry = queries.get_thread(inquiry_id)
    side = side_of(bearer_user(), inquiry) if inquiry is not None else None
    return (inquiry, side) if side else (None, None)


@bp.route("/inquiries/<int:inquiry_id>", methods=["GET"])
@token_required
def api_get_inquiry(inquiry_id: int):
    inquiry, side = _thread(inquiry_id)
    if inquiry is None:
        return api_error(404)
    if inquiry.unread_for(side):
        services.mark_read(inquiry, side)
    return jsonify(inquiry_json(inquiry, side, full=True))


@bp.route("/inquiries/<int:inquiry_id>/messages", methods=["POST"])
@limits.limited(limits.MESSAGE_ACCOUNT, limits.MESSAGE_ADDRESS, limits.message_message)
@token_required
def api_post_message(inquiry_id: int):
    inquiry, side = _thread(inquiry_id)
    if inquiry is None:
        return api_error(404)
    form, error = _form(MessageForm)
    if error:
        return error
    message = services.post_message(inquiry, bearer_user(), side, form.body.data)
    limits.take_allowance()  # counted atomically now that the request is accepted
    return _created({"id": message.id, "inquiry_id": inquiry.id, "status": inquiry.status})


@bp.route("/inquiries/<int:inquiry_id>/quotes", methods=["POST"])
@token_required
def api_send_quote(inquiry_id: int):
    inquiry, side = _thread(inquiry_id)
    if inquiry is None:
        return api_error(404)
    if side != PRODUCER or not can_quote(bearer_user(), inquiry):
        return api_error(403, "Only the producer of an open conversation sends quotes.")
    form, error = _form(QuoteForm)
    if error:
        return error
    quote = services.send_quote(inquiry, bearer_user(), form.details())
    return _created(quote_json(quote))


@bp.route("/quotes/<int:quote_id>/accept", methods=["POST"], defaults={"decision": "accept"})
@bp.route("/quotes/<int:quote_id>/decline", methods=["POST"], defaults={"decision": "decline"})
@token_required
def api_decide_quote(quote_id: int, decision: str):
    quote = queries.get_quote(quote_id)
    side = side_of(bearer_user(), quote.inquiry) if quote is not None else None
    if side is None:
        return api_error(404)
    if side != BUYER:
        return api_error(403, "Only the buyer decides on a quote.")
    if not can_decide_quote(bearer_user(), quote):
        return api_error(409, "This quote was already answered.")
    (services.accept_quote if decision == "accept" else services.decline_quote)(quote)
    return jsonify({**quote_json(quote), "inquiry_status": quote.inquiry.status})


@bp.route("/requests", methods=["GET"])
def api_list_requests():
    group = request.args.get("group", "")
    if group not in ("", "1", "2", "3", "4"):  # as documented: a product group number, 1 to 4
        return api_error(422, "group: Choose one of the four product groups (1-4).")
    items, total = queries.open_requests(date.today(), int(group) if group else None, 1, 100)
    return jsonify({"items": [request_json(item) for item in items], "total": total})


@bp.route("/requests", methods=["POST"])
@limits.limited(limits.REQUEST_ACCOUNT, limits.REQUEST_ADDRESS, limits.request_message)
@token_required
def api_post_request():
    if not can_post_request(bearer_user()):
        return api_error(403, "Only buyer accounts with a confirmed email address post buying requests.")
    form, error = _form(RequestForm)
    if error:
        return error
    item = board.post_request(bearer_user(), form.details_data())
    limits.take_allowance()  # counted atomically now that the request is accepted
    return _created(request_json(item))


@bp.route("/requests/<int:request_id>", methods=["GET"])
def api_get_request(request_id: int):
    item = queries.get_request(request_id)
    if item is None or item.hidden_at is not None:
        return api_error(404)
    return jsonify(request_json(item))


@bp.route("/requests/<int:request_id>/quotes", methods=["POST"])
@limits.limited(limits.MESSAGE_ACCOUNT, limits.MESSAGE_ADDRESS, limits.message_message)
@token_required
def api_answer_request(request_id: int):
    user = bearer_user()
    item = queries.get_request(request_id)
    if item is None or item.hidden_at is not None:
        return api_error(404)
    own = producers_of(user)
    if not own or not can_answer_request(user, item, date.today()):
        return api_error(409 if own else 403, "This request is closed." if own else "Only producers answer requests.")
    form, error = _form(QuoteForm)
    if error:
        return error
    inquiry = board.answer_request(item, own[0], user, form.details())
    limits.take_allowance()  # counted atomically now that the request is accepted
    return _created({"inquiry_id": inquiry.id, "quote": quote_json(inquiry.quotes[-1])})


# The OpenAPI description of these routes lives beside them (kept apart only for length).
from marketplace.api import inquiries_openapi  # noqa: E402,F401
