"""Driving the site's forms through the test client as a browser would, and reading its answers."""

import html
import re

from flask_babel import force_locale

from tests.conftest import PASSWORD, csrf_token_from

CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]+(")')
GOOD_PASSWORD = "bamboo baskets from Phu Vinh"


def submit(client, page: str, data: dict, action: str | None = None, **kwargs):
    """GET `page`, take the CSRF token of its form, and POST `data` to `action` (default: `page`).
    The response is read whole and closed, as a server does once it is sent (work waiting for
    after the response runs then); pass buffered=False to close it yourself."""
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    kwargs.setdefault("buffered", True)
    return client.post(action or page, data={"csrf_token": token, **data}, **kwargs)


def log_in(client, email: str, password: str = PASSWORD, **extra):
    return submit(client, "/account/login", {"email": email, "password": password, **extra})


def register(client, email: str, password: str = GOOD_PASSWORD, role: str = "producer", **extra):
    data = {"display_name": "HTX Mây tre đan", "email": email, "password": password, "role": role}
    return submit(client, "/account/register", {**data, **extra})


def page_text(response, *private: str) -> str:
    """The page without its per-session CSRF tokens, with each of `private` replaced by a marker."""
    body = CSRF_VALUE.sub(r"\1TOKEN\2", response.get_data(as_text=True))
    for value in private:
        body = body.replace(value, "PRIVATE")
    return body


def field_error(response, field_id: str) -> str | None:
    """The error text shown next to the field `field_id`, or None when there is none."""
    match = re.search(
        rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>',
        response.get_data(as_text=True),
        re.DOTALL,
    )
    return html.unescape(match.group(1)).strip() if match else None


def in_language(app, language: str, make_text):
    """`make_text()` as a request in `language` would render it (for messages from the catalog)."""
    with app.test_request_context("/"), force_locale(language):
        text = make_text()
        return None if text is None else str(text)


def mail_link(message, prefix: str) -> str:
    """The first link in a mail's text that starts with `prefix`."""
    text = message.get_body(("plain",)).get_content()
    match = re.search(re.escape(prefix) + r"\S+", text)
    assert match, f"no link starting with {prefix} in:\n{text}"
    return match.group(0)


def path_of(url: str) -> str:
    """'http://localhost/account/x' -> '/account/x' (the test client is addressed by path)."""
    return re.sub(r"^https?://[^/]+", "", url)


def is_signed_in(client) -> bool:
    """Whether the account page opens (it redirects to the login page when signed out)."""
    return client.get("/account/").status_code == 200
