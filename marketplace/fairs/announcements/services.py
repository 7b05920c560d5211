"""Announcement writes: save a draft, publish, take back. They flush; the request's unit of work commits."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from marketplace.awards.models import Programme
from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.fairs.announcements.models import CALL, DRAFT, KINDS, PUBLISHED, Announcement
from marketplace.fairs.models import Fair
from marketplace.geography import resolver


class AnnouncementError(RuleError):
    """A rule was broken; `field` names the form field, str() the translated reason (core.rules)."""


def _clean(values: dict) -> dict:
    kind = values.get("kind")
    if kind not in KINDS:
        raise AnnouncementError(_l("Choose news or a call."), "kind")
    title, body = (values.get("title") or "").strip(), (values.get("body") or "").strip()
    if not title or not body:
        raise AnnouncementError(_l("Give a title and a text."), "title" if not title else "body")
    fair_id, programme_id = values.get("fair_id") or None, values.get("programme_id") or None
    if fair_id is not None and db.session.get(Fair, fair_id) is None:
        raise AnnouncementError(_l("Choose a fair from the list."), "fair_id")
    if programme_id is not None and db.session.get(Programme, programme_id) is None:
        raise AnnouncementError(_l("Choose a programme from the list."), "programme_id")
    province_code, group = None, None
    if kind == CALL:  # only calls are targeted (and mailed to those who asked for them)
        if values.get("province_code"):
            province = resolver.resolve_province(values["province_code"])
            if province is None:
                raise AnnouncementError(_l("Choose a province from the list."), "province_code")
            province_code = province.code
        group = values.get("product_group") or None
        if group is not None and group not in GROUPS_BY_NUMBER:
            raise AnnouncementError(_l("Choose a product group from the list."), "product_group")
    return {
        "kind": kind,
        "title": title[:200],
        "body": body,
        "fair_id": fair_id,
        "programme_id": programme_id,
        "province_code": province_code,
        "product_group": group,
    }


def save_announcement(values: dict, actor, announcement: Announcement | None = None) -> Announcement:
    cleaned = _clean(values)
    if announcement is None:
        announcement = Announcement(status=DRAFT, created_by_id=getattr(actor, "id", None))
        db.session.add(announcement)
    for key, value in cleaned.items():
        setattr(announcement, key, value)
    db.session.flush()
    return announcement


def publish_announcement(announcement: Announcement, actor, now: datetime | None = None) -> bool:
    """Show it on the site, the home page and the feed; True the first time (a call is then mailed)."""
    first = announcement.published_at is None
    announcement.status = PUBLISHED
    announcement.published_at = announcement.published_at or now or utcnow()
    db.session.flush()
    record_event("fairs.announcement_published", actor, f"announcement:{announcement.id}")
    return first


def unpublish_announcement(announcement: Announcement, actor) -> None:
    """Take it off the site (a mistake, a cancelled course); mail already sent stays sent."""
    announcement.status = DRAFT
    db.session.flush()
    record_event("fairs.announcement_unpublished", actor, f"announcement:{announcement.id}")
