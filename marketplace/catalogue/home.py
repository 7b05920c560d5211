"""The catalogue's home-page sections: the search box with the four product groups, the newest products,
and the featured producers (fairs and awards add their own sections after these)."""

from flask import url_for
from flask_login import current_user

from marketplace.catalogue.queries import group_counts, newest_products
from marketplace.core.home import home_section
from marketplace.core.permissions import PRODUCER, has_role, is_staff
from marketplace.producers.queries import featured_with_counts, province_counts

NEWEST = 8
FEATURED = 6


@home_section(10, "catalogue/_home_search.html")
def search_and_groups() -> dict:
    groups = group_counts()
    provinces = province_counts()  # precomputed (marketplace.catalogue.counts)
    manage_url = None
    if has_role(current_user, PRODUCER) or is_staff(current_user):
        manage_url = url_for("producers.mine")
    return {
        "groups": groups,
        "product_total": sum(count for _group, count in groups),
        "producer_total": sum(count for _province, count in provinces),
        "province_total": len(provinces),
        "manage_url": manage_url,
    }


@home_section(15, "catalogue/_home_newest.html")
def newest() -> dict | None:
    products = newest_products(NEWEST)
    return {"products": products} if products else None


@home_section(20, "producers/_home.html")
def featured_producers() -> dict | None:
    rows = featured_with_counts(FEATURED)
    return {"producers": rows} if rows else None
