"""Thread rules: start an inquiry, write, quote, accept or decline, close, read (writes flush only)."""

import secrets
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from marketplace.core.audit import record_event
from marketplace.core.contacts import is_phone
from marketplace.core.errors import API_CODES
from marketplace.core.models import utcnow
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.inquiries import notifications, spam
from marketplace.inquiries.models import (
    ACCEPTED,
    ANSWERED,
    BUYER,
    CLOSED,
    CONTACT_PREFERENCES,
    DECLINED,
    NEW,
    OPEN,
    OUTCOMES,
    PRODUCER,
    QUOTED,
    WON,
    Inquiry,
    InquiryDraft,
    Message,
    NotificationSetting,
    Quote,
)

MAX_BODY = 5000
MAX_PRICE_VND = 10**12
DRAFT_DAYS = 7
BLOCKED_MESSAGE = _l(
    "Several producers reported your recent messages as unwanted, and the centre confirmed it. "
    "Please contact the centre."
)
INQUIRY_FIELDS = (
    "quantity",
    "unit",
    "target_price_vnd",
    "delivery_province_code",
    "delivery_country",
    "wanted_by",
    "contact_preference",
    "contact_phone",
)


class InquiryError(RuleError):
    """A rule refused the action: `message` (lazy) says why, `status` is the HTTP answer it deserves;
    the API's code is the one of that status (404 not_found, 409 conflict...)."""

    def __init__(self, message, field: str | None = None, *, status: int = 422, code: str | None = None) -> None:
        super().__init__(message, field, status=status, code=code or API_CODES.get(status, "error"))


def producer_recipients(producer) -> list:
    """The active producer accounts acting for `producer`."""
    from marketplace.accounts.models import User
    from marketplace.producers.models import ProducerMember

    return list(
        db.session.execute(
            select(User)
            .join(ProducerMember, ProducerMember.user_id == User.id)
            .where(ProducerMember.producer_id == producer.id, User.is_active.is_(True), User.role == "producer")
            .order_by(User.id)
        ).scalars()
    )


def _check_body(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise InquiryError(_l("Write a message."))
    if len(body) > MAX_BODY:
        raise InquiryError(_l("Use at most %(n)d characters.", n=MAX_BODY))
    return body


def _clean_details(data: dict) -> dict:
    values = {key: data.get(key) for key in INQUIRY_FIELDS if data.get(key) not in (None, "")}
    if "quantity" in values and int(values["quantity"]) < 1:
        raise InquiryError(_l("The quantity must be at least 1."))
    price = values.get("target_price_vnd")
    if price is not None and not 0 <= int(price) <= MAX_PRICE_VND:
        raise InquiryError(_l("The price must be between 0 and 1,000,000,000,000 VND."))
    if values.get("contact_preference", "site") not in CONTACT_PREFERENCES:
        raise InquiryError(_l("Not a valid choice."))
    if values.get("contact_preference") == "phone":
        phone = (values.get("contact_phone") or "").strip()
        if not is_phone(phone):
            raise InquiryError(_l("Give the phone number to call you on, e.g. 0912 345 678."))
        values["contact_phone"] = phone
    else:  # a number given for another way of contact is not asked for: not kept
        values.pop("contact_phone", None)
    return values


def start_inquiry(buyer, producer, product, data: dict) -> Inquiry:
    """A buyer writes to a producer (about one of its products, or in general)."""
    if product is not None and (product.producer_id != producer.id or not product.is_published):
        raise InquiryError(_l("This product cannot receive inquiries."), status=404)
    if not producer.is_published:
        raise InquiryError(_l("This producer cannot receive inquiries."), status=404)
    if spam.is_blocked(buyer):
        raise InquiryError(BLOCKED_MESSAGE, status=403)
    body = _check_body(data.get("message"))
    now = utcnow()
    inquiry = Inquiry(
        buyer=buyer,
        producer=producer,
        product=product,
        started_by=BUYER,
        status=NEW,
        last_buyer_activity_at=now,
        last_activity_at=now,
        buyer_read_at=now,
        **_clean_details(data),
    )
    db.session.add(inquiry)
    inquiry.messages.append(Message(author=buyer, side=BUYER, body=body, created_at=now))
    db.session.flush()
    _notify_producer(inquiry, "inquiry")
    return inquiry


def _notify_producer(inquiry: Inquiry, kind: str) -> None:
    if inquiry.spam_reported_at is not None:
        return  # the producer asked not to hear from this thread again
    recipients = producer_recipients(inquiry.producer)
    for user in recipients:
        notifications.queue(kind, user, inquiry=inquiry)
    if not recipients and kind == "inquiry" and inquiry.producer.email:
        # Nobody acts for this (imported) producer yet: invite it by the address on its profile.
        notifications.queue("invite", email=inquiry.producer.email, inquiry=inquiry)


def _mark_producer_activity(inquiry: Inquiry, now) -> None:
    inquiry.last_producer_activity_at = inquiry.last_activity_at = now
    inquiry.producer_read_at = now
    if inquiry.first_response_at is None:
        inquiry.first_response_at = now


def post_message(inquiry: Inquiry, author, side: str, body: str, attachment: dict | None = None) -> Message:
    """One party writes; the producer's first answer moves a new thread to "answered"."""
    body = _check_body(body)
    now = utcnow()
    message = Message(author=author, side=side, body=body, created_at=now, **(attachment or {}))
    inquiry.messages.append(message)
    if side == PRODUCER:
        _mark_producer_activity(inquiry, now)
        if inquiry.status == NEW:
            inquiry.status = ANSWERED
        notifications.queue("message", inquiry.buyer, inquiry=inquiry)
    else:
        inquiry.last_buyer_activity_at = inquiry.last_activity_at = now
        inquiry.buyer_read_at = now
        _notify_producer(inquiry, "message")
    db.session.flush()
    return message


def continue_fair_thread(
    buyer, producer, author, fair, products: list, body: str | None, inquiry: Inquiry | None = None
) -> Inquiry:
    """An exhibitor met the buyer at a fair: the thread between them about `products`, opened by the
    exhibitor with the fair as its origin, or `inquiry` (the lead's thread) continued while it is open.
    `body`, when given, is the exhibitor's message to the buyer (the buyer is told as for any message)."""
    if inquiry is None or inquiry.status == CLOSED:
        now = utcnow()
        inquiry = Inquiry(
            buyer=buyer,
            producer=producer,
            started_by=PRODUCER,
            status=NEW,
            origin_fair_id=fair.id,
            last_activity_at=now,
            producer_read_at=now,
        )
        db.session.add(inquiry)
    for product in products:
        if product.producer_id != producer.id:
            raise InquiryError(_l("This product cannot receive inquiries."), status=404)
        if product not in inquiry.products:
            inquiry.products.append(product)
    if inquiry.product is None and inquiry.products:
        inquiry.product = inquiry.products[0]
    db.session.flush()
    if body:
        post_message(inquiry, author, PRODUCER, body)
    return inquiry


def send_quote(inquiry: Inquiry, author, data: dict, today: date | None = None) -> Quote:
    """The producer makes a structured offer; the thread becomes "quoted"."""
    today = today or date.today()
    if inquiry.status == CLOSED:
        raise InquiryError(_l("This conversation is closed."), status=409)
    price = data.get("unit_price_vnd")
    if price is None or not 0 <= int(price) <= MAX_PRICE_VND:
        raise InquiryError(_l("The price must be between 0 and 1,000,000,000,000 VND."))
    if data.get("min_quantity") is not None and int(data["min_quantity"]) < 1:
        raise InquiryError(_l("The quantity must be at least 1."))
    if data.get("lead_time_days") is not None and not 0 <= int(data["lead_time_days"]) <= 3650:
        raise InquiryError(_l("The lead time must be between 0 and 3650 days."))
    if data.get("valid_until") is None or data["valid_until"] < today:
        raise InquiryError(_l("The quote must be valid until today or later."))
    fields = ("unit_price_vnd", "unit", "min_quantity", "lead_time_days", "valid_until", "delivery_terms", "note")
    quote = Quote(author=author, status=OPEN, **{key: data.get(key) or None for key in fields})
    quote.unit_price_vnd = int(price)
    inquiry.quotes.append(quote)
    _mark_producer_activity(inquiry, utcnow())
    inquiry.status = QUOTED
    db.session.flush()
    notifications.queue("quote", inquiry.buyer, inquiry=inquiry)
    return quote


def _decide(quote: Quote, status: str, today: date | None) -> None:
    today = today or date.today()
    if quote.status != OPEN or quote.inquiry.status == CLOSED:
        raise InquiryError(_l("This quote was already answered."), status=409)
    if quote.is_expired(today):
        raise InquiryError(
            _l("This quote expired on %(date)s.", date=quote.valid_until.strftime("%d/%m/%Y")), status=409
        )
    now = utcnow()
    quote.status, quote.decided_at = status, now
    quote.inquiry.last_buyer_activity_at = quote.inquiry.last_activity_at = now
    quote.inquiry.buyer_read_at = now


def accept_quote(quote: Quote, today: date | None = None) -> None:
    """The buyer takes the offer: a lead is recorded (no order, no payment), the thread closes as won,
    and a buying request it answered closes too."""
    _decide(quote, ACCEPTED, today)
    inquiry = quote.inquiry
    inquiry.status, inquiry.outcome, inquiry.closed_at = CLOSED, WON, quote.decided_at
    if inquiry.request is not None and inquiry.request.status == OPEN:
        inquiry.request.status, inquiry.request.closed_at = CLOSED, quote.decided_at
    db.session.flush()
    record_event("quote_accepted", actor=inquiry.buyer, subject=f"quote:{quote.id}", inquiry=inquiry.id)
    _notify_producer(inquiry, "quote_accepted")


def decline_quote(quote: Quote, today: date | None = None) -> None:
    _decide(quote, DECLINED, today)
    db.session.flush()
    _notify_producer(quote.inquiry, "quote_declined")


def close_thread(inquiry: Inquiry, outcome: str) -> None:
    """Either party closes the conversation, saying how it ended (won, lost, no reply)."""
    if inquiry.status == CLOSED:
        raise InquiryError(_l("This conversation is closed."), status=409)
    if outcome not in OUTCOMES:
        raise InquiryError(_l("Not a valid choice."))
    inquiry.status, inquiry.outcome, inquiry.closed_at = CLOSED, outcome, utcnow()
    db.session.flush()


def mark_read(inquiry: Inquiry, side: str) -> None:
    now = utcnow()
    if side == BUYER:
        inquiry.buyer_read_at = now
    elif side == PRODUCER:
        inquiry.producer_read_at = now


def set_daily_digest(user, enabled: bool) -> None:
    setting = db.session.get(NotificationSetting, user.id)
    if setting is None:
        setting = NotificationSetting(user_id=user.id)
        db.session.add(setting)
    setting.daily_digest = bool(enabled)
    db.session.flush()


def save_draft(payload: dict) -> str:
    """Keep what a signed-out visitor typed; returns the token their browser keeps in a cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(InquiryDraft(token=token, payload=payload))
    db.session.flush()
    return token


def find_draft(token: str | None) -> InquiryDraft | None:
    if not token or len(token) > 64:
        return None
    draft = db.session.execute(select(InquiryDraft).where(InquiryDraft.token == token)).scalar_one_or_none()
    if draft is None or draft.created_at < utcnow() - timedelta(days=DRAFT_DAYS):
        return None
    return draft


def drop_draft(token: str | None) -> None:
    if token:
        db.session.execute(delete(InquiryDraft).where(InquiryDraft.token == token))


def purge_old_drafts(now=None) -> int:
    cutoff = (now or utcnow()) - timedelta(days=DRAFT_DAYS)
    return db.session.execute(delete(InquiryDraft).where(InquiryDraft.created_at < cutoff)).rowcount
