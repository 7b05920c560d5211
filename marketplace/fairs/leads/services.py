"""Lead rules: when an exhibitor may scan, whose badge a code is, recording a scan (the lead and its
inquiry thread) and the buyer's withdrawal. Writes flush only; the unit of work commits."""

from datetime import date, timedelta

from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.core.models import utcnow
from marketplace.core.permissions import BUYER, has_role
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.fairs.leads.models import RATINGS, Lead, LeadProduct
from marketplace.fairs.onsite.codes import VISITOR, read_badge_code
from marketplace.fairs.rules import today_in_vietnam
from marketplace.inquiries import services as inquiries
from marketplace.inquiries.models import CLOSED

# Staff scan from the day before the fair opens (setting up the booth) to the day after it closes
# (buyers met on the last evening are typed in the next morning), in Vietnam's calendar days.
DAYS_BEFORE, DAYS_AFTER = 1, 1
MAX_NOTE = 2000
MAX_PRODUCTS = 20


class LeadError(RuleError):
    code = "lead_refused"


BAD_CODE = _l("This is not a visitor badge of the site. Check the code and try again.")


def scanning_days(fair) -> tuple[date, date]:
    return fair.starts_on - timedelta(days=DAYS_BEFORE), fair.ends_on + timedelta(days=DAYS_AFTER)


def scanning_open(fair, today: date | None = None) -> bool:
    first, last = scanning_days(fair)
    return fair.is_published and first <= (today or today_in_vietnam()) <= last


def buyer_from_code(text: str | None) -> User:
    """The buyer account a visitor badge's code names; a forged, mistyped or other kind of code, or an
    account that is no (longer an active) buyer, is refused the same way: the code tells nothing more."""
    found = read_badge_code(text or "")
    if found is None or found[0] != VISITOR:
        raise LeadError(BAD_CODE, "code", code="unknown_badge")
    buyer = db.session.get(User, found[1])
    if buyer is None or not buyer.is_active or not has_role(buyer, BUYER):
        raise LeadError(BAD_CODE, "code", code="unknown_badge")
    return buyer


def _products_of(producer, product_ids) -> list[Product]:
    try:
        ids = sorted({int(i) for i in product_ids or ()})
    except (TypeError, ValueError):
        raise LeadError(
            _l("Pick products from your own published catalogue."), "products", code="invalid_products"
        ) from None
    if len(ids) > MAX_PRODUCTS:
        raise LeadError(_l("Pick at most %(n)d products.", n=MAX_PRODUCTS), "products", code="invalid_products")
    if not ids:
        return []
    products = list(db.session.scalars(select(Product).where(Product.id.in_(ids)).order_by(Product.id)))
    if len(products) != len(ids) or any(p.producer_id != producer.id or not p.is_published for p in products):
        raise LeadError(_l("Pick products from your own published catalogue."), "products", code="invalid_products")
    return products


def _clean_note(note: str | None) -> str | None:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise LeadError(_l("Use at most %(n)d characters.", n=MAX_NOTE), "note")
    return note or None


def _name(product: Product) -> str:
    locale = get_locale()
    return (product.name_en or product.name) if locale is not None and locale.language == "en" else product.name


def _fair_name(fair) -> str:
    locale = get_locale()
    return (fair.name_en or fair.name) if locale is not None and locale.language == "en" else fair.name


def greeting(fair, products: list, again: bool) -> str:
    """The exhibitor's message that opens (or continues) the thread, in the buyer's language."""
    names = ", ".join(_name(p) for p in products)
    if again:
        return _("We met again at %(fair)s. You also asked about: %(products)s.", fair=_fair_name(fair), products=names)
    if products:
        return _(
            "Thank you for visiting our booth at %(fair)s. You asked about: %(products)s. "
            "We will continue the conversation here.",
            fair=_fair_name(fair),
            products=names,
        )
    return _(
        "Thank you for visiting our booth at %(fair)s. We will continue the conversation here.", fair=_fair_name(fair)
    )


def _lead_for(fair, producer, buyer, scanner, now) -> tuple[Lead, bool]:
    """The lead for this buyer at this booth, made on the first scan; (lead, made now). Locked: two staff
    scanning the same buyer at once add up their scans and products one after the other."""
    query = (
        select(Lead)
        .where(Lead.fair_id == fair.id, Lead.producer_id == producer.id, Lead.buyer_id == buyer.id)
        .with_for_update()
    )
    lead = db.session.scalar(query)
    if lead is not None:
        return lead, False
    lead = Lead(
        fair_id=fair.id,
        producer_id=producer.id,
        buyer_id=buyer.id,
        scanned_by_id=scanner.id,
        scans=0,
        scanned_at=now,
        last_scanned_at=now,
    )
    try:
        with db.session.begin_nested():  # another staff member may scan the same buyer at the same moment
            db.session.add(lead)
            db.session.flush()
    except IntegrityError:
        return db.session.scalar(query.execution_options(populate_existing=True)), False
    return lead, True


def record_lead(
    fair,
    producer,
    scanner,
    code: str,
    product_ids=(),
    note: str | None = None,
    rating: int | None = None,
    today: date | None = None,
) -> Lead:
    """A scan at the booth: the lead (made, or continued when this buyer was scanned before) and the
    thread with the buyer about the products picked. The note and rating stay with the exhibitor."""
    if not scanning_open(fair, today):
        first, last = scanning_days(fair)
        raise LeadError(
            _l(
                "Leads are taken at the fair only, from %(first)s to %(last)s.",
                first=first.strftime("%d/%m/%Y"),
                last=last.strftime("%d/%m/%Y"),
            ),
            status=409,
            code="outside_fair_days",
        )
    buyer = buyer_from_code(code)  # a buyer account: never one of the exhibitor's own (producer) accounts
    products = _products_of(producer, product_ids)
    note = _clean_note(note)
    if rating is not None and rating not in RATINGS:
        raise LeadError(_l("Give 1 to 5 stars, or none."), "rating")
    now = utcnow()
    lead, made = _lead_for(fair, producer, buyer, scanner, now)
    known = {item.product_id for item in lead.items}
    added = [p for p in products if p.id not in known]
    lead.items.extend(LeadProduct(product_id=p.id, product=p) for p in added)
    lead.scans += 1
    lead.last_scanned_at = now
    if note and note not in (lead.note or ""):
        lead.note = f"{lead.note}\n{note}" if lead.note else note
    if rating is not None:
        lead.rating = rating
    _thread(lead, fair, producer, buyer, scanner, added, made)
    db.session.flush()
    return lead


def _thread(lead: Lead, fair, producer, buyer, scanner, added: list, made: bool) -> None:
    thread = lead.inquiry
    reopened = thread is None or thread.status == CLOSED
    if not (made or reopened or added):
        return  # the same buyer again, nothing new to say: the thread is left as it is
    with force_locale(buyer.locale or "vi"):
        body = greeting(fair, lead.products if reopened else added, again=not reopened)
    lead.inquiry = inquiries.continue_fair_thread(
        buyer, producer, scanner, fair, lead.products, body, None if reopened else thread
    )


def withdraw_lead(lead: Lead, buyer) -> None:
    """The buyer takes back what was shared: the lead stays for the exhibitor's counts (when, products,
    rating) without the buyer, the note or the thread. The thread itself is the buyer's to close."""
    if lead.buyer_id is None or lead.buyer_id != getattr(buyer, "id", None):
        raise LeadError(_l("This lead is not yours."), status=404, code="not_found")
    lead.buyer_id, lead.buyer, lead.note, lead.inquiry_id, lead.inquiry = None, None, None, None, None
    lead.withdrawn_at = utcnow()
    db.session.flush()
