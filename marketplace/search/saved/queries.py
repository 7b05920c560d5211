"""Reads about saved searches: an account's list, a search described in words, its listing's address."""

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.catalogue.labels import CERTIFICATION_LABELS
from marketplace.catalogue.models import Category
from marketplace.core.i18n import current_language, format_vnd
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.search.saved.models import SavedSearch

LISTING_KEYS = ("group", "province", "category", "cert", "ocop_min", "price_min", "price_max")


def saved_searches_of(user) -> list[SavedSearch]:
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.user_id == user.id)
            .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
        )
    )


def listing_args(saved: SavedSearch, **extra) -> dict:
    """The /products query string that shows this search."""
    args = {"q": saved.query or None, **{k: saved.filters.get(k) for k in LISTING_KEYS}, **extra}
    return {k: v for k, v in args.items() if v not in (None, "")}


def listing_url(saved: SavedSearch, external: bool = False) -> str:
    return url_for("catalogue.products", _external=external, **listing_args(saved, sort="newest"))


def _category_name(value) -> str:
    column = Category.id if isinstance(value, int) else Category.slug
    category = db.session.scalar(select(Category).where(column == value))
    if category is None:
        return _("Category")
    return category.name_en if current_language() == "en" and category.name_en else category.name


def describe(query: str, filters: dict) -> list[str]:
    """The search in words, one item per part, in the current language (for lists and mail)."""
    parts = [_("“%(q)s”", q=query)] if query else []
    if filters.get("group") in GROUPS_BY_NUMBER:
        parts.append(GROUPS_BY_NUMBER[filters["group"]].name)
    province = resolver.province_by_code(filters["province"]) if filters.get("province") else None
    if province:
        parts.append(province.name)
    if filters.get("category") not in (None, ""):
        parts.append(_category_name(filters["category"]))
    if filters.get("cert"):
        parts.append(str(CERTIFICATION_LABELS.get(filters["cert"], filters["cert"])))
    if filters.get("ocop_min"):
        stars = int(filters["ocop_min"])
        parts.append(ngettext("OCOP %(num)d star or more", "OCOP %(num)d stars or more", stars))
    low, high = filters.get("price_min"), filters.get("price_max")
    if low is not None or high is not None:
        text = f"{format_vnd(low) if low is not None else '…'} – {format_vnd(high) if high is not None else '…'}"
        parts.append(_("Price: %(range)s", range=text))
    return parts or [_("All products")]


def description(saved: SavedSearch) -> str:
    return " · ".join(describe(saved.query, saved.filters or {}))
