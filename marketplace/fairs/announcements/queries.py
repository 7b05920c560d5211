"""Reads for announcements: the public list, one for a reader, and producers' own provinces and groups."""

from sqlalchemy import select

from marketplace.catalogue.models import ARCHIVED, Product
from marketplace.core.pagination import Page, paginate
from marketplace.extensions import db
from marketplace.fairs.announcements.models import PUBLISHED, Announcement

PER_PAGE = 20


def _published():
    return (
        select(Announcement)
        .where(Announcement.status == PUBLISHED)
        .order_by(Announcement.published_at.desc(), Announcement.id.desc())
    )


def latest(limit: int) -> list[Announcement]:
    return list(db.session.scalars(_published().limit(limit)))


def published_page(number: int) -> Page:
    return paginate(_published(), number, PER_PAGE)


def all_announcements() -> list[Announcement]:
    return list(
        db.session.scalars(select(Announcement).order_by(Announcement.updated_at.desc(), Announcement.id.desc()))
    )


def provinces_and_groups(producers) -> tuple[list[str], list[int]]:
    """The provinces of these establishments and the product groups of their catalogues."""
    provinces = sorted({p.province_code for p in producers if p.province_code})
    ids = [p.id for p in producers]
    groups = (
        sorted(
            set(
                db.session.scalars(
                    select(Product.group_number).where(
                        Product.producer_id.in_(ids), Product.status != ARCHIVED, Product.group_number.is_not(None)
                    )
                )
            )
        )
        if ids
        else []
    )
    return provinces, groups
