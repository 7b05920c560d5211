"""Public producer pages: the directory by province (with its map) and a producer's profile."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.core.i18n import current_language, format_date
from marketplace.core.pagecache import kept_for_visitors
from marketplace.core.pagination import page_number
from marketplace.core.routing import MAX_ID
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.media.views import photo_url
from marketplace.producers.blueprint import bp
from marketplace.producers.labels import ESTABLISHMENT_LABELS
from marketplace.producers.models import ESTABLISHMENT_TYPES, Producer
from marketplace.producers.permissions import can_edit_producer
from marketplace.producers.province_map import province_map
from marketplace.producers.queries import (
    CHECK_LABELS,
    clean_directory_filters,
    producer_directory,
    producer_page_data,
)

PER_PAGE = 24


@bp.app_template_global()
def producer_url(producer, external: bool = False) -> str:
    return url_for("producers.detail", producer_id=producer.id, _external=external)


@bp.app_template_global()
def establishment_label(kind: str) -> str:
    return str(ESTABLISHMENT_LABELS.get(kind, kind))


@bp.route("")
@kept_for_visitors(seconds=60)
def directory():
    filters = clean_directory_filters(request.args)
    result = producer_directory(filters, page_number(request.args.get("page")), PER_PAGE)
    state = {
        "province": filters.get("province"),
        "type": filters.get("type"),
        "craft_village": "1" if filters.get("craft_village") else None,
    }

    def page_url(n: int) -> str:
        args = {**state, "page": n if n > 1 else None}
        return url_for("producers.directory", **{k: v for k, v in args.items() if v})

    def province_url(code: str) -> str:
        args = {**state, "province": code}
        return url_for("producers.directory", **{k: v for k, v in args.items() if v})

    counts = {p.code: n for p, n in result.province_counts}  # precomputed (catalogue.counts), never a scan

    return render_template(
        "producers/public/directory.html",
        result=result,
        filters=filters,
        provinces=resolver.provinces(),
        province_counts=counts,
        types=[(kind, ESTABLISHMENT_LABELS[kind], result.type_counts.get(kind, 0)) for kind in ESTABLISHMENT_TYPES],
        map=province_map(resolver.provinces(), counts, province_url, filters.get("province")),
        page_url=page_url,
        noindex=bool(request.args),
    )


def organization_jsonld(producer: Producer, url: str) -> dict:
    """schema.org Organization; contact details stay out, as they do for anonymous visitors."""
    address = {"@type": "PostalAddress", "addressCountry": "VN"}
    if producer.province:
        address["addressRegion"] = producer.province.name
    commune = producer.commune.name if producer.commune else producer.commune_name
    if commune:
        address["addressLocality"] = commune
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": producer.name,
        "url": url,
        "address": address,
    }
    description = producer.description_en if _is_english() and producer.description_en else producer.description
    if description:
        data["description"] = description[:1000]
    if producer.founded_year:
        data["foundingDate"] = str(producer.founded_year)
    if producer.workforce:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": producer.workforce}
    if web_address(producer.website):
        data["sameAs"] = [producer.website]
    if producer.photos:
        data["image"] = [photo_url(p, "large", "jpg", external=True) for p in producer.photos]
    return data


def web_address(url: str | None) -> str | None:
    """A website only when it is an http(s) address: never a javascript: or data: link."""
    return url if url and url.strip().lower().startswith(("http://", "https://")) else None


def _is_english() -> bool:
    return current_language() == "en"


def _check_lines(checks: list[tuple]) -> list[str]:
    other = _l("Checked by the centre on %(date)s: %(subject)s")
    return [
        str(CHECK_LABELS.get(subject, other)) % {"date": format_date(at), "subject": subject} for subject, at in checks
    ]


@bp.route("/<int:producer_id>")
def detail(producer_id: int):
    producer = db.session.get(Producer, producer_id) if producer_id <= MAX_ID else None
    can_edit = producer is not None and can_edit_producer(current_user, producer)
    if producer is None or not (producer.is_published or can_edit):
        abort(404)
    data = producer_page_data(producer)
    url = producer_url(producer, external=True)
    description = producer.description_en if _is_english() and producer.description_en else producer.description
    og = {
        "type": "website",
        "title": producer.name,
        "description": (
            description
            or _(
                "%(kind)s in %(place)s",
                kind=establishment_label(producer.establishment_type),
                place=producer.place_name,
            )
        )[:300],
        "url": url,
        "image": photo_url(producer.photos[0], "large", "jpg", external=True) if producer.photos else None,
    }
    # Phone, email, street address and the representative's name are personal for a household
    # business: only signed-in accounts with a confirmed email (and the producer's editors) see them.
    show_contacts = can_edit or bool(current_user.is_authenticated and current_user.is_verified)
    return render_template(
        "producers/public/detail.html",
        producer=producer,
        description=description,
        can_edit=can_edit,
        show_contacts=show_contacts,
        website=web_address(producer.website),
        check_lines=_check_lines(data["checks"]),
        og=og,
        jsonld=organization_jsonld(producer, url),
        login_url=url_for("accounts.login", next=request.path),
        **data,
    )
