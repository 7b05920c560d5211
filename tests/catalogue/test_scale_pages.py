"""Pages at national scale: a change shows where it must when it must, counts come from the
precomputed table (not from a scan per request), anonymous pages revalidate with 304, and no
listing's number of SQL statements grows with the number of rows on the page."""

import pytest
from sqlalchemy import text

from marketplace.catalogue import counts, services
from marketplace.core.cache import catalogue_version
from marketplace.extensions import cache
from tests import factories
from tests.sql_count import statements_for


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_cache_is_a_real_one(app):
    """Invalidation is tested through the cache the site runs (Redis when REDIS_URL is set)."""
    assert app.config["CACHE_TYPE"] in ("SimpleCache", "RedisCache")
    with app.app_context():
        cache.set("probe", 1)
        assert cache.get("probe") == 1


def test_a_published_product_shows_on_its_page_in_search_and_listings_at_once(client, db):
    producer = factories.producer(commit=True)
    factories.product(producer, name="Bình gốm men lam", commit=True)
    client.get("/products")  # warm whatever the listing keeps
    client.get("/products?q=gốm")
    before = catalogue_version()

    fresh = factories.product(producer, name="Nón lá bài thơ Huế", published=False, commit=True)
    assert client.get(f"/products/{fresh.id}").status_code == 404
    services.publish_product(fresh)
    db.session.commit()

    assert catalogue_version() != before
    assert "Nón lá bài thơ Huế" in _text(client.get(f"/products/{fresh.id}"))
    assert f"/products/{fresh.id}/" in _text(client.get("/products?q=nón"))  # the name is highlighted
    assert "Nón lá bài thơ Huế" in _text(client.get("/products?sort=newest"))
    found = client.get("/api/v1/products?q=non").get_json()
    assert fresh.id in [item["id"] for item in found["items"]]


def test_a_changed_then_withdrawn_product_is_right_on_the_next_request(client, db):
    producer = factories.producer(commit=True)
    product = factories.product(producer, name="Giỏ mây tre đan", commit=True)
    assert f"/products/{product.id}/" in _text(client.get("/products?q=giỏ"))
    assert "Giỏ mây tre đan" in _text(client.get("/products"))

    services.update_product(product, {"name": "Làn cói Kim Sơn", "code": product.code, "group_number": 1})
    db.session.commit()
    assert "Làn cói Kim Sơn" in _text(client.get(f"/products/{product.id}"))
    assert f"/products/{product.id}/" in _text(client.get("/products?q=cói"))
    listing = _text(client.get("/products"))
    assert "Làn cói Kim Sơn" in listing and "Giỏ mây tre đan" not in listing

    services.unpublish_product(product)
    db.session.commit()
    assert client.get(f"/products/{product.id}").status_code == 404
    assert f"/products/{product.id}/" not in _text(client.get("/products?q=cói"))
    assert "Làn cói Kim Sơn" not in _text(client.get("/products"))


def test_home_counts_come_from_the_refreshed_table_not_from_the_request(app, client, db):
    """A write the ORM does not see (a bulk load) leaves the counts as they were until the
    refresher runs: proof that no request counts the catalogue itself. Then the refresh (what
    the background thread or `flask refresh-counts` runs within 60 s) brings them up to date."""
    producer = factories.producer(commit=True)
    products = [factories.product(producer, group_number=3, commit=True) for _ in range(3)]
    assert counts.current_token() is not None
    facets_before = _group_facet(client)

    db.session.execute(text("UPDATE products SET status = 'archived' WHERE id = :id"), {"id": products[0].id})
    db.session.commit()
    assert _group_facet(client) == facets_before  # unchanged: the page did not count

    counts.refresh(bind=db.session.get_bind())
    assert _group_facet(client) == {**facets_before, 3: facets_before[3] - 1}


def test_a_listing_with_two_filters_counts_from_the_refresh_and_shows_a_new_product_at_once(client, db):
    """Two filters: the total and the facets come from the counts' cells (reading every match took
    up to 1.5 s at 1,000,000 products), kept per refresh; the page itself is read fresh."""
    from marketplace.catalogue.queries import search_products

    producer = factories.producer(commit=True)
    products = [factories.product(producer, group_number=3, ocop_stars=0, commit=True) for _ in range(3)]
    filters = {"group": 3, "province": producer.province_code}

    def listed():
        client.get("/products")
        found = search_products("", filters)
        return found.total, {v.value: v.count for v in found.facets["group"]}, [p.id for p in found.items]

    total, groups, ids = listed()
    assert total == 3 and groups[3] == 3 and set(ids) == {p.id for p in products}
    assert listed() == (total, groups, ids)  # the second answer is the kept one: the same

    db.session.execute(text("UPDATE products SET status = 'archived' WHERE id = :id"), {"id": products[0].id})
    db.session.commit()
    assert listed()[:2] == (3, groups)  # counted by the refresh, not by the request

    counts.refresh(bind=db.session.get_bind())
    assert listed()[:2] == (2, {**groups, 3: 2})

    fresh = factories.product(producer, group_number=3, commit=True)  # through the ORM: refreshed inline
    total, groups, ids = listed()
    assert total == 3 and groups[3] == 3 and fresh.id in ids


def _group_facet(client) -> dict:
    """The group counts an empty search shows (the listing's panel and the home page's tiles)."""
    from marketplace.catalogue.queries import group_counts, search_products

    client.get("/products")
    facets = {v.value: v.count for v in search_products("", {}).facets["group"]}
    assert facets == {group.number: n for group, n in group_counts()}
    return facets


def test_the_home_page_shows_the_refreshed_totals(client, db):
    producer = factories.producer(name="Làng nghề gốm Chu Đậu", commit=True)
    factories.product(producer, group_number=2, commit=True)
    html = _text(client.get("/"))
    assert "Làng nghề gốm Chu Đậu" in html  # featured producers come from the counts' refresh


@pytest.mark.parametrize("path", ["/", "/products", "/producers"])
def test_anonymous_pages_answer_304_to_a_matching_etag(client, db, path):
    producer = factories.producer(commit=True)
    factories.product(producer, commit=True)
    first = client.get(path)
    assert first.status_code == 200 and first.headers.get("ETag")
    assert "Cookie" in first.headers.get("Vary", "")

    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


def test_a_product_page_etag_changes_when_the_product_does(client, db):
    product = factories.product(factories.producer(commit=True), name="Chiếu cói Nga Sơn", commit=True)
    first = client.get(f"/products/{product.id}")
    services.update_product(product, {"name": "Chiếu cói Nga Sơn loại một", "code": product.code, "group_number": 1})
    db.session.commit()
    again = client.get(f"/products/{product.id}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and "loại một" in again.get_data(as_text=True)


def test_signed_in_pages_are_private_and_carry_no_validator(client, db, make_user, login):
    login(make_user(role="buyer"))
    response = client.get("/products")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers
    assert "Cookie" in response.headers.get("Vary", "")


@pytest.fixture
def big_catalogue(db):
    """40 producers in three provinces, each with two published products (some with photos)."""
    made = []
    for n in range(40):
        producer = factories.producer(province_code=("01", "38", "79")[n % 3])
        for k in range(2):
            made.append(factories.product(producer, photo=(n % 7 == 0 and k == 0)))
    db.session.commit()
    return made


def test_listing_queries_do_not_grow_with_the_page_size(client, big_catalogue):
    small = statements_for(client, "/api/v1/products?per_page=10")
    large = statements_for(client, "/api/v1/products?per_page=40")
    assert large == small

    few = statements_for(client, "/products?q=thu&group=1&province=38")  # a page of ~26 products
    many = statements_for(client, "/products")  # a full page of 24
    assert many <= few + 1

    one_province = statements_for(client, "/producers?province=01")  # 14 producers
    full_page = statements_for(client, "/producers")  # 24 producers over three provinces
    assert full_page == one_province

    assert statements_for(client, "/") <= 25


def test_the_validator_leaves_out_the_csrf_tokens_signed_each_second():
    """A page requested again a second later differs only in its forms' CSRF tokens (signed with the time):
    it keeps its ETag, so it answers 304; any other change gives a new one."""
    from marketplace.core.cache import _fingerprint

    def page(token: str, text: str = "Mật ong") -> bytes:
        return (
            f'<form><input type="hidden" name="csrf_token" value="{token}"></form>'
            f'<input id="csrf_token" name="csrf_token" type="hidden" value="{token}"><p>{text}</p>'
        ).encode()

    assert _fingerprint(page("IjE2YjQ.aVQ1Aw.sig1")) == _fingerprint(page("IjE2YjQ.aVQ1BA.sig2"))
    assert _fingerprint(page("IjE2YjQ.aVQ1Aw.sig1")) != _fingerprint(page("IjE2YjQ.aVQ1Aw.sig1", "Nước mắm"))
