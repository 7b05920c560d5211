"""Rate limits on the forms attackers hammer: login, registration and password reset."""

import html

from marketplace.accounts.views import registration_refusal
from marketplace.core.errors import ERROR_TEXT
from tests.accounts.helpers import GOOD_PASSWORD, in_language, is_signed_in, submit
from tests.conftest import PASSWORD, csrf_token_from


def register(client, email: str, display_name: str = "HTX Mây tre đan", **request):
    data = {"display_name": display_name, "email": email, "password": GOOD_PASSWORD, "role": "producer"}
    return submit(client, "/account/register", data, **request)


def post_repeatedly(client, page: str, data: dict, times: int, **kwargs) -> list[int]:
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return [client.post(page, data={"csrf_token": token, **data}, **kwargs).status_code for _ in range(times)]


def test_login_is_limited_to_ten_attempts_a_minute_from_one_address(app, client, make_user):
    """The eleventh attempt is refused with a friendly page, even with the right password."""
    user = make_user()
    statuses = post_repeatedly(client, "/account/login", {"email": "guess@example.vn"}, 10)
    assert statuses == [422] * 10

    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    response = client.post("/account/login", data={"csrf_token": token, "email": user.email, "password": PASSWORD})

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


def test_a_training_room_of_thirty_registers_from_one_address(client, outbox):
    """The centre's training sessions register everyone from one address (issue 14)."""
    statuses = [register(client, f"hoc-vien-{n}@example.vn").status_code for n in range(30)]

    assert statuses == [200] * 30
    assert len(outbox.messages()) == 30


def test_registration_from_one_address_stops_at_a_hundred_an_hour(client):
    token = csrf_token_from(client.get("/account/register").get_data(as_text=True))
    statuses = [  # invalid forms (no hashing: fast), each for another email
        client.post("/account/register", data={"csrf_token": token, "email": f"not-an-email-{n}"}).status_code
        for n in range(101)
    ]

    assert statuses == [422] * 100 + [429]
    assert client.get("/account/register").status_code == 200  # reading the form is not limited


def test_one_email_is_registered_at_most_five_times_an_hour_and_the_form_stays(app, client, outbox):
    statuses = [
        register(client, "same@example.vn", environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}).status_code
        for n in range(5)
    ]
    refused = register(
        client,
        "same@example.vn",
        display_name="Hộ kinh doanh Lụa Vạn Phúc",
        environ_base={"REMOTE_ADDR": "203.0.113.50"},
    )

    assert statuses == [200] * 5
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert 'value="same@example.vn"' in page and 'value="Hộ kinh doanh Lụa Vạn Phúc"' in page
    assert GOOD_PASSWORD not in page
    assert html.escape(in_language(app, "vi", registration_refusal)) in page
    assert 'method="post"' in page
    other = register(client, "other@example.vn", environ_base={"REMOTE_ADDR": "203.0.113.50"})
    assert other.status_code == 200


def test_reset_requests_are_limited_to_five_an_hour_from_one_address(client, outbox):
    statuses = post_repeatedly(client, "/account/reset", {"email": "someone@example.vn"}, 6)

    assert statuses == [200] * 5 + [429]
