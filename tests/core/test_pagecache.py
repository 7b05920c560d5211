"""Whole anonymous pages from the cache (core.pagecache): the pages everyone lands on set no cookie,
a visitor without a session gets them again without a query, a change to the catalogue shows on the
very next request, and nobody with a session, another language or a token ever gets a kept page."""

import pytest

from marketplace.catalogue import services
from tests import factories
from tests.sql_count import statements

LANDING = ["/", "/products", "/products?q=mật ong&group=2", "/producers", "/api/v1/products?q=mat ong"]


@pytest.fixture
def product(db):
    return factories.product(
        factories.producer(commit=True), name="Mật ong bạc hà Mèo Vạc", group_number=2, commit=True
    )


@pytest.mark.parametrize("path", LANDING + ["/products/{id}"])
def test_a_landing_page_sets_no_cookie_for_a_visitor(client, kept, product, path):
    response = client.get(path.format(id=product.id))
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("path", LANDING + ["/products/{id}"])
def test_the_second_visitor_gets_the_page_without_a_query(client, kept, product, path):
    path = path.format(id=product.id)
    first = client.get(path)
    with statements() as seen:
        second = client.get(path)
    assert second.status_code == 200 and second.get_data() == first.get_data()
    assert second.headers.get("X-Cache") == "hit" and "X-Cache" not in first.headers
    assert seen == []


def test_a_changed_product_is_right_on_the_next_request(client, db, kept, product):
    for path in (f"/products/{product.id}", "/products?q=mật ong"):
        assert "Mèo Vạc" in client.get(path).get_data(as_text=True)
    services.update_product(product, {"name": "Mật ong hoa nhãn Hưng Yên", "code": product.code, "group_number": 2})
    db.session.commit()
    for path in (f"/products/{product.id}", "/products?q=mật ong"):
        page = client.get(path).get_data(as_text=True)
        assert "Hưng Yên" in page and "Mèo Vạc" not in page


def test_a_page_made_while_the_catalogue_changed_is_not_kept_as_the_new_one(client, kept, product):
    """A writer commits while a visitor's page is being made: that page shows the catalogue as it
    was, so it must not be filed under the version the writer left (it would be served as current
    for a minute)."""
    from flask import template_rendered

    from marketplace.core.cache import bump_catalogue_version

    def writer_commits_meanwhile(sender, template, context, **extra):
        bump_catalogue_version()  # what the after-commit hook of any catalogue change does

    path = f"/products/{product.id}"
    with template_rendered.connected_to(writer_commits_meanwhile, kept):
        made_during_the_change = client.get(path)
    assert made_during_the_change.status_code == 200
    after = client.get(path)
    assert after.status_code == 200 and "X-Cache" not in after.headers  # made again, not the older page
    assert client.get(path).headers.get("X-Cache") == "hit"  # and that one is kept


def test_the_languages_are_kept_apart(client, kept, product):
    vietnamese = client.get("/").get_data(as_text=True)
    client.set_cookie("lang", "en")
    english = client.get("/").get_data(as_text=True)
    assert 'lang="vi"' in vietnamese and 'lang="en"' in english
    assert 'lang="en"' in client.get("/").get_data(as_text=True)  # the English page kept as English


def test_a_signed_in_visitor_never_gets_a_kept_page(client, kept, product, make_user, login):
    client.get("/")  # kept for visitors
    login(make_user("buyer", name="Chị Thu Người Mua"))
    page = client.get("/")
    assert "Chị Thu Người Mua" in page.get_data(as_text=True) and "X-Cache" not in page.headers
    assert "no-store" in page.headers["Cache-Control"]


def test_a_visitor_with_a_session_is_served_by_the_view(client, kept, product):
    client.get("/products")
    assert "Set-Cookie" in client.get("/account/login").headers  # the sign-in form's CSRF token: a session
    response = client.get("/products")
    assert response.status_code == 200 and "X-Cache" not in response.headers


def test_the_language_link_sets_the_cookie_and_goes_back(client):
    response = client.get("/language/en?next=/products")
    assert response.status_code == 303 and response.headers["Location"].endswith("/products")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert client.get("/language/xx").status_code == 302  # an unknown language: home, nothing set
    assert client.get("/language/en?next=https://evil.example/").headers["Location"] == "/"
