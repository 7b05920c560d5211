"""The digest: each saved search that is due (daily, or weekly) is mailed the products that are new
since its last digest, each product once per saved search ever, in its owner's language, with
absolute links and a one-click unsubscribe link. Run by `flask searches digest` (cron) or the job
`searches.digest` (`flask jobs schedule`); either way as one unit of work: the mail leaves after
the commit that records it (core.mail.mail_after_commit), so a run that fails mails nothing and
the next run does it all again."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.core.i18n import VIETNAM, format_vnd
from marketplace.core.mail import external_url, mail_after_commit
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.search import engine
from marketplace.search.saved.models import DAILY, SavedSearch, SavedSearchDelivery
from marketplace.search.saved.queries import description, listing_args

PERIOD_DAYS = {DAILY: 1, "weekly": 7}
CANDIDATES = 100  # newest matches looked at per saved search and run
MAIL_LIMIT = 20  # products listed in one mail; the rest are one click away (the listing, newest first)
# Products published this long before the last run are looked at again: one committed just as the
# last run read the index is not lost. The deliveries table keeps them from being mailed twice.
OVERLAP = timedelta(days=1)
UNSUBSCRIBE_SALT = "saved-search-unsubscribe"


@dataclass
class DigestSummary:
    looked_at: int = 0
    mailed: int = 0
    products: int = 0


def local_day(moment: datetime):
    return moment.astimezone(VIETNAM).date()


def is_due(saved: SavedSearch, now: datetime) -> bool:
    """Daily: once per calendar day in Vietnam; weekly: seven days after the last run (or the saving)."""
    last = saved.last_digest_at or saved.created_at
    return (local_day(now) - local_day(last)).days >= PERIOD_DAYS.get(saved.frequency, 1)


def _published(product: Product) -> datetime:
    return product.published_at or product.created_at


def new_products(saved: SavedSearch) -> tuple[list[Product], int]:
    """(products to mail now, how many more new ones there are), newest first: matches of the real
    search engine published since the saved search was made (and since shortly before its last
    digest), not mailed for it before."""
    since = saved.created_at
    if saved.last_digest_at is not None:
        since = max(since, saved.last_digest_at - OVERLAP)
    ids = engine.newest_matches(saved.query, saved.filters or {}, CANDIDATES)
    if not ids:
        return [], 0
    mailed = set(
        db.session.scalars(
            select(SavedSearchDelivery.product_id).where(
                SavedSearchDelivery.saved_search_id == saved.id, SavedSearchDelivery.product_id.in_(ids)
            )
        )
    )
    rows = {
        p.id: p
        for p in db.session.scalars(
            select(Product).where(
                Product.id.in_([i for i in ids if i not in mailed]),
                Product.status == PUBLISHED,
                func.coalesce(Product.published_at, Product.created_at) >= since,
            )
        )
    }
    fresh = [rows[i] for i in ids if i in rows]
    return fresh[:MAIL_LIMIT], max(0, len(fresh) - MAIL_LIMIT)


def unsubscribe_token(saved: SavedSearch) -> str:
    """Names the saved search and its owner and moment of saving: a link stays dead once its
    search is deleted, even if the id is used again."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT).dumps(
        {"sid": saved.id, "uid": saved.user_id, "at": int(saved.created_at.timestamp())}
    )


def read_unsubscribe_token(token: str) -> tuple[bool, SavedSearch | None]:
    """(whether the token is genuine, its saved search if it still exists)."""
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT).loads(token)
    except BadSignature:
        return False, None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in ("sid", "uid", "at")):
        return False, None
    saved = db.session.get(SavedSearch, data["sid"])
    if saved is None or saved.user_id != data["uid"] or int(saved.created_at.timestamp()) != data["at"]:
        return True, None
    return True, saved


def _product_line(product: Product, english: bool) -> dict:
    name = product.name_en if english and product.name_en else product.name
    return {
        "name": name,
        "producer": product.producer.name,
        "price": format_vnd(product.price_vnd) if product.price_vnd is not None else _("Price on request"),
        "url": external_url("catalogue.product", product_id=product.id, slug=product.slug or "san-pham"),
    }


def mail_digest(saved: SavedSearch, products: list[Product], more: int) -> None:
    user = saved.user
    locale = user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(locale):
        what = description(saved)
        subject = ngettext(
            "%(num)d new product: %(search)s", "%(num)d new products: %(search)s", len(products) + more, search=what
        )
        text = render_template(
            "search/saved/mail/digest.txt",
            user=user,
            search=what,
            more=more,
            products=[_product_line(p, locale == "en") for p in products],
            listing=external_url("catalogue.products", **listing_args(saved, sort="newest")),
            manage=external_url("saved_searches.mine"),
            unsubscribe=external_url("saved_searches.unsubscribe", token=unsubscribe_token(saved)),
            frequency=saved.frequency,
        )
    mail_after_commit(user.email, subject[:200], text)


def send_digests(now: datetime | None = None) -> DigestSummary:
    """Mail every saved search that is due its new products, recording each product mailed; call
    inside a unit of work (the command and the job are)."""
    now = now or utcnow()
    summary = DigestSummary()
    searches = db.session.scalars(
        select(SavedSearch)
        .join(User, User.id == SavedSearch.user_id)
        .where(User.is_active.is_(True), User.email_verified_at.is_not(None))
        .order_by(SavedSearch.id)
    ).all()
    for saved in searches:
        if not is_due(saved, now):
            continue
        summary.looked_at += 1
        products, more = new_products(saved)
        saved.last_digest_at = now
        if products:
            db.session.add_all(
                SavedSearchDelivery(saved_search_id=saved.id, product_id=p.id, sent_at=now) for p in products
            )
            db.session.flush()  # written first: the mail then waits for their commit (never the other way)
            mail_digest(saved, products, more)
            summary.mailed += 1
            summary.products += len(products)
    db.session.flush()
    return summary
