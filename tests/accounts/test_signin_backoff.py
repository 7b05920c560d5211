"""Sign-in back-off per account: only wrong passwords count, on the web login and the token endpoint
alike, and the wait grows with each failure instead of a one-hour wall."""

import pytest

from marketplace.accounts import throttle
from marketplace.extensions import limiter
from tests.accounts.helpers import field_error, in_language, is_signed_in, submit
from tests.conftest import PASSWORD


def from_address(n: int) -> dict:
    """Each attempt from another address: the per-address limit (10 a minute) is not what is tested."""
    return {"environ_base": {"REMOTE_ADDR": f"198.51.100.{n % 250 + 1}"}}


def log_in(client, email: str, password: str = PASSWORD, **request):
    return submit(client, "/account/login", {"email": email, "password": password}, **request)


def fail_on_web(app, email: str, times: int, start: int = 0) -> list[int]:
    return [
        log_in(app.test_client(), email, "wrong password!", **from_address(start + n)).status_code for n in range(times)
    ]


def wait_has_passed(email: str) -> None:
    """What the storage does by itself once the wait's time is up (its key expires)."""
    _failures, wait_key = throttle._keys(email)
    limiter.storage.clear(wait_key)


@pytest.mark.parametrize(
    ("failures", "wait"), [(1, 0), (4, 0), (5, 30), (6, 60), (7, 120), (9, 480), (10, 900), (40, 900)]
)
def test_the_wait_starts_after_five_failures_doubles_and_stops_at_fifteen_minutes(failures, wait):
    assert throttle.wait_after(failures) == wait


def test_successful_sign_ins_never_count(app, make_user):
    """The old per-email limit counted them: the owner signing in often locked themself out."""
    user = make_user()

    statuses = [log_in(app.test_client(), user.email, **from_address(n)).status_code for n in range(21)]

    assert statuses == [302] * 21


def test_wrong_passwords_from_many_addresses_make_the_account_wait(app, make_user):
    user = make_user()
    assert fail_on_web(app, user.email, 5) == [422] * 5

    client = app.test_client()
    response = log_in(client, user.email, PASSWORD, **from_address(99))  # even the right password

    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    page = response.get_data(as_text=True)
    assert f'value="{user.email}"' in page  # the form stays, filled in
    expected = in_language(app, "vi", lambda: throttle.waiting_message(int(response.headers["Retry-After"])))
    assert expected.split("%")[0][:40] in page
    assert not is_signed_in(client)


def test_once_the_wait_has_passed_the_owner_signs_in_and_the_count_starts_again(app, make_user):
    user = make_user()
    fail_on_web(app, user.email, 7)
    wait_has_passed(user.email)

    client = app.test_client()
    assert log_in(client, user.email, **from_address(50)).status_code == 302
    assert is_signed_in(client)
    assert fail_on_web(app, user.email, 4, start=60) == [422] * 4  # forgiven: four free failures again


def test_a_failure_after_the_wait_makes_the_next_wait_longer(app, make_user):
    user = make_user()
    fail_on_web(app, user.email, 5)
    first = throttle.seconds_to_wait(user.email)
    wait_has_passed(user.email)
    fail_on_web(app, user.email, 1, start=10)

    assert throttle.seconds_to_wait(user.email) > first


def test_the_token_endpoint_and_the_web_login_share_the_count(app, client, make_user):
    user = make_user()
    api = [
        client.post("/api/v1/tokens", auth=(user.email, "wrong password!"), **from_address(n)).status_code
        for n in range(5)
    ]
    assert api == [401] * 5

    web = log_in(app.test_client(), user.email, **from_address(20))
    token = client.post("/api/v1/tokens", auth=(user.email, PASSWORD), **from_address(21))

    assert web.status_code == 429
    assert token.status_code == 429
    assert token.get_json()["error"]["code"] == "signin_throttled"
    assert int(token.headers["Retry-After"]) > 0


def test_the_wait_is_per_account(app, make_user):
    victim, bystander = make_user(), make_user()
    fail_on_web(app, victim.email, 8)

    assert log_in(app.test_client(), bystander.email, **from_address(77)).status_code == 302
    assert (
        field_error(log_in(app.test_client(), bystander.email, "nope nope", **from_address(78)), "password") is not None
    )
