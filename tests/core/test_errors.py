"""Error pages: friendly HTML in the visitor's language, never a bare server error."""

from marketplace.core.errors import ERROR_TEXT
from tests.accounts.helpers import in_language


def test_an_unknown_page_gives_a_vietnamese_404_page(app, client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html
    title, text = ERROR_TEXT[404]
    assert in_language(app, "vi", lambda: title) in html
    assert in_language(app, "vi", lambda: text) in html
    assert 'href="/"' in html  # a way back home


def test_an_unknown_page_gives_an_english_404_page_to_an_english_visitor(client):
    client.set_cookie("lang", "en")

    response = client.get("/no-such-page")

    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert "Page not found" in html
    assert "The page you asked for does not exist or has been removed." in html


def test_a_wrong_method_gives_a_405_page_that_names_the_allowed_ones(client):
    client.set_cookie("lang", "en")

    response = client.get("/account/logout")

    assert response.status_code == 405
    assert response.headers["Allow"] == "POST" or "POST" in response.headers["Allow"]
    assert response.mimetype == "text/html"
    assert "This address does not accept that kind of request." in response.get_data(as_text=True)


def test_error_pages_keep_the_security_headers(client):
    response = client.get("/no-such-page")

    assert "Content-Security-Policy" in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
