"""Security defaults: response headers, cookie flags, CSRF on every form, production hardening."""

import re

import pytest
from sqlalchemy import select

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.extensions import db as _db
from tests.accounts.helpers import GOOD_PASSWORD, is_signed_in
from tests.conftest import PASSWORD


def set_cookie_headers(response, name: str) -> list[str]:
    return [value for value in response.headers.getlist("Set-Cookie") if value.startswith(name + "=")]


@pytest.mark.parametrize("path", ["/", "/account/login", "/account/register"])
def test_html_pages_carry_the_security_headers(client, path):
    response = client.get(path)

    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", ["/", "/account/login", "/account/register", "/nope"])
def test_pages_hold_no_inline_script_or_style_that_the_policy_would_block(client, path):
    html = client.get(path).get_data(as_text=True)

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # onclick= and friends


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_pages_of_a_signed_in_account_are_not_stored_by_caches(client, make_user, login):
    assert client.get("/").headers["Cache-Control"] == "no-cache"
    login(make_user())

    assert client.get("/account/").headers["Cache-Control"] == "private, no-store"


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    [cookie] = set_cookie_headers(client.get("/account/login"), "session")

    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in tests and development


def test_the_remember_and_language_cookies_are_httponly_and_samesite_lax(client, make_user):
    from tests.accounts.helpers import log_in, submit

    user = make_user()
    [remember] = set_cookie_headers(log_in(client, user.email, remember="y"), "remember_token")
    [language] = set_cookie_headers(submit(client, "/", {}, action="/language/en"), "lang")

    for cookie in (remember, language):
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie


# --- CSRF: a POST without the form's token is refused and changes nothing --------------------


def test_login_without_a_csrf_token_is_refused(client, make_user):
    user = make_user()

    response = client.post("/account/login", data={"email": user.email, "password": PASSWORD})

    assert response.status_code == 400
    assert not is_signed_in(client)


def test_login_with_a_token_from_another_session_is_refused(app, client, make_user):
    from tests.conftest import csrf_token_from

    user = make_user()
    foreign = csrf_token_from(app.test_client().get("/account/login").get_data(as_text=True))
    client.get("/account/login")

    response = client.post("/account/login", data={"csrf_token": foreign, "email": user.email, "password": PASSWORD})

    assert response.status_code == 400
    assert not is_signed_in(client)


def test_registration_without_a_csrf_token_is_refused(client, db):
    response = client.post(
        "/account/register",
        data={"display_name": "X", "email": "csrf@example.vn", "password": GOOD_PASSWORD, "role": "buyer"},
    )

    assert response.status_code == 400
    assert db.session.scalar(select(User).where(User.email == "csrf@example.vn")) is None


def test_switching_language_without_a_csrf_token_is_refused(client):
    response = client.post("/language/en")

    assert response.status_code == 400
    assert client.get_cookie("lang") is None
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)


def test_logout_without_a_csrf_token_is_refused(client, make_user, login):
    login(make_user())

    response = client.post("/account/logout")

    assert response.status_code == 400
    assert is_signed_in(client)


def test_the_csrf_refusal_is_a_friendly_page(client):
    response = client.post("/account/login", data={})

    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert '<html lang="vi">' in response.get_data(as_text=True)


# --- production --------------------------------------------------------------------------


@pytest.fixture
def production_app(tmp_path):
    app = create_app(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "production-secret-key-0123456789abcdef",
            "DATA_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'production.db'}",
        }
    )
    yield app
    with app.app_context():
        _db.engine.dispose()


def test_production_sends_hsts_and_marks_cookies_secure(production_app):
    assert production_app.config["SESSION_COOKIE_SECURE"] is True
    assert production_app.config["REMEMBER_COOKIE_SECURE"] is True
    assert production_app.config["DEBUG"] is False and production_app.config["TESTING"] is False

    response = production_app.test_client().get("/no-such-page", base_url="https://localhost")

    assert response.status_code == 404
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    sign_in = production_app.test_client().get("/account/login", base_url="https://localhost")
    [cookie] = set_cookie_headers(sign_in, "session")  # the sign-in form carries a CSRF token
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
