"""The buying-request board (RFQ): post a request, tell matching producers, answer with a quote,
close at the deadline or on the buyer's word, hide on a moderator's (writes flush only)."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select, update

from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.inquiries import notifications, spam
from marketplace.inquiries.models import CLOSED, NEW, OPEN, PRODUCER, BuyingRequest, Inquiry
from marketplace.inquiries.services import BLOCKED_MESSAGE, InquiryError, send_quote

MAX_DEADLINE_DAYS = 365
REQUEST_FIELDS = ("title", "group_number", "details", "quantity", "unit", "province_code", "export_market", "deadline")


def _clean(data: dict, today: date) -> dict:
    values = {key: data.get(key) for key in REQUEST_FIELDS}
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip() or None
    if not values["title"]:
        raise InquiryError(_l("Say what you are looking for."), "title")
    if values["group_number"] is None or int(values["group_number"]) not in GROUPS_BY_NUMBER:
        raise InquiryError(_l("Choose one of the four product groups."), "group_number")
    if values["quantity"] is None or int(values["quantity"]) < 1:
        raise InquiryError(_l("The quantity must be at least 1."), "quantity")
    if not values["unit"]:
        raise InquiryError(_l("Give the unit (kg, pieces, sets...)."), "unit")
    deadline = values["deadline"]
    if deadline is None or deadline < today or (deadline - today).days > MAX_DEADLINE_DAYS:
        raise InquiryError(_l("The deadline must be between today and one year from now."), "deadline")
    values["group_number"] = int(values["group_number"])
    return values


def matching_producer_accounts(group_number: int) -> list:
    """Accounts acting for published producers that publish a product in this group."""
    from marketplace.accounts.models import User
    from marketplace.producers.models import Producer, ProducerMember

    has_product = exists().where(
        Product.producer_id == Producer.id, Product.status == PUBLISHED, Product.group_number == group_number
    )
    return list(
        db.session.execute(
            select(User)
            .join(ProducerMember, ProducerMember.user_id == User.id)
            .join(Producer, Producer.id == ProducerMember.producer_id)
            .where(Producer.is_published.is_(True), has_product, User.role == "producer", User.is_active.is_(True))
            .distinct()
            .order_by(User.id)
        ).scalars()
    )


def post_request(buyer, data: dict, today: date | None = None) -> BuyingRequest:
    today = today or date.today()
    if spam.is_blocked(buyer):
        raise InquiryError(BLOCKED_MESSAGE, status=403)
    request = BuyingRequest(buyer=buyer, status=OPEN, **_clean(data, today))
    db.session.add(request)
    db.session.flush()
    notifications.queue_many("request_match", matching_producer_accounts(request.group_number), request=request)
    return request


def answer_request(request: BuyingRequest, producer, author, quote: dict, today: date | None = None) -> Inquiry:
    """A producer answers with a quote; it lands in a thread between that producer and the buyer
    (one thread per producer and request: a second answer adds a quote to it)."""
    today = today or date.today()
    if not request.is_open_on(today):
        raise InquiryError(_l("This request is closed."), status=409)
    inquiry = db.session.execute(
        select(Inquiry).where(Inquiry.request_id == request.id, Inquiry.producer_id == producer.id)
    ).scalar_one_or_none()
    if inquiry is None:
        inquiry = Inquiry(
            buyer=request.buyer,
            producer=producer,
            request=request,
            started_by=PRODUCER,
            status=NEW,
            quantity=request.quantity,
            unit=request.unit,
            delivery_province_code=request.province_code,
            delivery_country=request.export_market,
            wanted_by=request.deadline,
        )
        db.session.add(inquiry)
        db.session.flush()
    send_quote(inquiry, author, {"unit": request.unit, **quote}, today)
    return inquiry


def close_request(request: BuyingRequest) -> None:
    if request.status == CLOSED:
        raise InquiryError(_l("This request is closed."), status=409)
    request.status, request.closed_at = CLOSED, utcnow()
    db.session.flush()


def close_expired_requests(today: date | None = None) -> int:
    """Close every open request whose deadline has passed (the board already hides them)."""
    today = today or date.today()
    result = db.session.execute(
        update(BuyingRequest)
        .where(BuyingRequest.status == OPEN, BuyingRequest.deadline < today)
        .values(status=CLOSED, closed_at=utcnow())
    )
    return result.rowcount


def hide_request(request: BuyingRequest, moderator, reason: str) -> None:
    reason = (reason or "").strip()[:200]
    if not reason:
        raise InquiryError(_l("Give a reason: the buyer will see it."))
    request.hidden_at, request.hidden_by_id, request.hidden_reason = utcnow(), moderator.id, reason
    record_event("request_hidden", actor=moderator, subject=f"request:{request.id}", reason=reason)
    db.session.flush()


def unhide_request(request: BuyingRequest, moderator) -> None:
    if request.hidden_at is not None:
        request.hidden_at, request.hidden_by_id, request.hidden_reason = None, None, None
        record_event("request_unhidden", actor=moderator, subject=f"request:{request.id}")
        db.session.flush()
