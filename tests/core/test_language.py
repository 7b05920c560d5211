"""Vietnamese by default; a visitor may switch to English (a link, remembered by cookie), a signed-in
person too (a form, remembered on the account as well)."""

from urllib.parse import urlsplit

from tests.accounts.helpers import log_in, submit


def language_of(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def switch(client, code: str, **data):
    """As the header's switch does it: a link for a visitor, a form (with its CSRF token) once signed in."""
    with client.session_transaction() as session:
        signed_in = "_user_id" in session
    if signed_in:
        return submit(client, "/", data, action=f"/language/{code}")
    return client.get(f"/language/{code}", query_string=data)


def test_the_site_speaks_vietnamese_by_default(client):
    assert language_of(client.get("/")) == "vi"
    assert language_of(client.get("/account/login")) == "vi"


def test_a_visitor_switches_to_english_and_the_choice_is_remembered(client):
    response = switch(client, "en")

    assert response.status_code == 303
    assert client.get_cookie("lang").value == "en"
    assert language_of(client.get("/")) == "en"
    assert language_of(client.get("/account/register")) == "en"


def test_switching_back_to_vietnamese_works(client):
    switch(client, "en")
    switch(client, "vi")

    assert language_of(client.get("/")) == "vi"


def test_switching_returns_to_the_page_the_visitor_was_on(client):
    response = switch(client, "en", next="/account/login")

    assert urlsplit(response.location).path == "/account/login"


def test_switching_never_redirects_to_another_site(client):
    response = switch(client, "en", next="//evil.example/")

    assert urlsplit(response.location).netloc in ("", "localhost")
    assert urlsplit(response.location).path == "/"


def test_an_unknown_language_code_is_ignored(client):
    response = switch(client, "fr")

    assert response.status_code == 302
    assert client.get_cookie("lang") is None
    assert language_of(client.get("/")) == "vi"


def test_a_forged_language_cookie_is_ignored(client):
    client.set_cookie("lang", "xx")

    assert language_of(client.get("/")) == "vi"


def test_a_visitors_page_switches_with_a_link_and_a_signed_in_persons_with_a_form(client, make_user, login):
    visitor_page = client.get("/products?q=gốm").get_data(as_text=True)
    assert 'href="/language/en?next=' in visitor_page
    assert 'action="/language/en"' not in visitor_page
    login(make_user())
    assert 'action="/language/en"' in client.get("/products").get_data(as_text=True)


def test_the_choice_is_saved_on_the_account_and_follows_it_to_another_device(app, db, client, make_user, login):
    user = make_user(locale="vi")
    login(user)

    switch(client, "en")

    db.session.refresh(user)
    assert user.locale == "en"
    another_device = app.test_client()
    log_in(another_device, user.email)
    assert another_device.get_cookie("lang") is None
    assert language_of(another_device.get("/")) == "en"


def test_the_account_language_wins_over_a_cookie_left_on_a_shared_device(app, client, make_user):
    user = make_user(locale="vi")
    client.set_cookie("lang", "en")
    assert language_of(client.get("/")) == "en"

    log_in(client, user.email)

    assert language_of(client.get("/")) == "vi"
