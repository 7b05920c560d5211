"""Saving and deleting a saved search (the writes). The digest that mails them is in digest.py."""

import hashlib
import json
import re
from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from marketplace.catalogue.queries import clean_filters
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.search.saved.models import FREQUENCIES, SavedSearch, SavedSearchDelivery

MAX_PER_ACCOUNT = 20  # more than anyone reads; bounds the digest's work per account
MAX_QUERY = 200
FILTER_KEYS = ("group", "province", "category", "cert", "certification", "ocop_min", "price_min", "price_max")


class SavedSearchError(RuleError):
    code = "saved_search_refused"


def normal_query(text) -> str:
    """The words as the listing keeps them: trimmed, spaces collapsed, at most 200 characters."""
    return re.sub(r"\s+", " ", str(text or "")).strip()[:MAX_QUERY]


def normal_search(query, raw_filters: Mapping) -> tuple[str, dict]:
    """(words, cleaned filters) of a search as /products or the search API's parameters give it:
    the same cleaning as the listing, so the saved search finds what the page showed."""
    filters, _rejected = clean_filters({k: raw_filters.get(k) for k in FILTER_KEYS if raw_filters.get(k) is not None})
    return normal_query(query), filters


def fingerprint(query: str, filters: dict) -> str:
    """Equal for the same words (case and spacing aside) and filters."""
    canonical = json.dumps([query.lower(), filters], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def find_saved(user, query: str, filters: dict) -> SavedSearch | None:
    return db.session.scalar(
        select(SavedSearch).where(
            SavedSearch.user_id == user.id, SavedSearch.fingerprint == fingerprint(query, filters)
        )
    )


def save_search(user, query, raw_filters: Mapping, frequency: str) -> tuple[SavedSearch, bool]:
    """Keep this search for `user`, mailed `frequency`; the same search saved again only changes
    how often. Returns (the saved search, whether it is new)."""
    if frequency not in FREQUENCIES:
        raise SavedSearchError(_l("Choose daily or weekly."), "frequency")
    query, filters = normal_search(query, raw_filters)
    existing = find_saved(user, query, filters)
    if existing is not None:
        existing.frequency = frequency
        return existing, False
    held = db.session.scalar(select(func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id))
    if held >= MAX_PER_ACCOUNT:
        raise SavedSearchError(
            _l(
                "You already keep %(num)d saved searches, the most an account may: delete one "
                "you no longer need first.",
                num=MAX_PER_ACCOUNT,
            ),
            status=409,
            code="too_many",
        )
    saved = SavedSearch(
        user_id=user.id, query=query, filters=filters, frequency=frequency, fingerprint=fingerprint(query, filters)
    )
    try:
        with db.session.begin_nested():  # the same search saved twice at once: the second finds the first
            db.session.add(saved)
            db.session.flush()
    except IntegrityError:
        existing = find_saved(user, query, filters)
        if existing is None:
            raise
        existing.frequency = frequency
        return existing, False
    return saved, True


def delete_search(saved: SavedSearch) -> None:
    """Forget the search and what was mailed for it (its deliveries go with it)."""
    db.session.execute(delete(SavedSearchDelivery).where(SavedSearchDelivery.saved_search_id == saved.id))
    db.session.delete(saved)
    db.session.flush()
