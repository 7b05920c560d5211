"""Rate limits on the forms attackers hammer: login, registration and password reset."""

from marketplace.core.errors import ERROR_TEXT
from tests.accounts.helpers import in_language, is_signed_in
from tests.conftest import PASSWORD, csrf_token_from


def post_repeatedly(client, page: str, data: dict, times: int, **kwargs) -> list[int]:
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return [
        client.post(page, data={"csrf_token": token, **data}, **kwargs).status_code
        for _ in range(times)
    ]


def test_login_is_limited_to_ten_attempts_a_minute_from_one_address(app, client, make_user):
    """The eleventh attempt is refused with a friendly page, even with the right password."""
    user = make_user()
    statuses = post_repeatedly(client, "/account/login", {"email": "guess@example.vn"}, 10)
    assert statuses == [422] * 10

    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post(
        "/account/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )

    assert response.status_code == 429
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="vi">' in html
    title, text = ERROR_TEXT[429]
    assert in_language(app, "vi", lambda: title) in html
    assert in_language(app, "vi", lambda: text) in html
    assert int(response.headers["Retry-After"]) > 0
    assert not is_signed_in(client)


def test_the_login_limit_counts_per_address(app, client, make_user):
    user = make_user()
    post_repeatedly(client, "/account/login", {"email": "guess@example.vn"}, 11)
    elsewhere = app.test_client()

    token = csrf_token_from(elsewhere.get("/account/login").get_data(as_text=True))
    response = elsewhere.post(
        "/account/login",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )

    assert response.status_code == 302


def test_one_email_gets_at_most_twenty_login_attempts_an_hour_from_any_address(client):
    """Spreading the guesses for one account over many addresses does not help."""
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    data = {"csrf_token": token, "email": "victim@example.vn"}
    statuses = [
        client.post(
            "/account/login", data=data, environ_base={"REMOTE_ADDR": f"203.0.113.{n // 5}"}
        ).status_code
        for n in range(21)
    ]

    assert statuses == [422] * 20 + [429]
    other_account = client.post(
        "/account/login",
        data={**data, "email": "someone.else@example.vn"},
        environ_base={"REMOTE_ADDR": "203.0.113.99"},
    )
    assert other_account.status_code == 422


def test_registration_is_limited_to_ten_a_hour_from_one_address(client):
    statuses = post_repeatedly(client, "/account/register", {"email": "not-an-email"}, 11)

    assert statuses == [422] * 10 + [429]
    assert client.get("/account/register").status_code == 200  # reading the form is not limited


def test_reset_requests_are_limited_to_five_an_hour_from_one_address(client, outbox):
    statuses = post_repeatedly(client, "/account/reset", {"email": "someone@example.vn"}, 6)

    assert statuses == [200] * 5 + [429]
