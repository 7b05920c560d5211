"""Passwords: the rules a new one must meet, reset by mailed link, and change when signed in."""

import time

import pytest
from itsdangerous.timed import TimestampSigner

from marketplace.accounts import links
from marketplace.accounts.passwords import (
    hash_password,
    password_problem,
    verify_password,
)
from tests.accounts.helpers import (
    field_error,
    in_language,
    is_signed_in,
    log_in,
    mail_link,
    page_text,
    path_of,
    submit,
)
from tests.conftest import PASSWORD

RESET_PREFIX = "http://localhost/account/reset/"
NEW_PASSWORD = "a brand new passphrase"


# --- the rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "email", "reason"),
    [
        ("1234567", None, "Use at least 8 characters."),
        ("x" * 129, None, "Use at most 128 characters."),
        ("password123", None, "This password is too common; choose another."),
        ("PASSWORD123", None, "This password is too common; choose another."),
        ("aaaaaaaaaaaa", None, "This password is too common; choose another."),
        ("trustno1", None, "This password is too common; choose another."),  # from the breach-derived list
        ("AnhYeuEm", None, "This password is too common; choose another."),  # a Vietnamese favourite
        ("Me@Example.vn", "me@example.vn", "Your password must not be your email address."),
    ],
)
def test_a_password_that_breaks_a_rule_is_refused_with_its_reason(app, password, email, reason):
    assert in_language(app, "en", lambda: password_problem(password, email)) == reason


@pytest.mark.parametrize("password", ["Phu Vinh", "xy1" * 42 + "zz", "correct horse battery staple"])
def test_a_password_within_the_rules_is_accepted(app, password):
    assert in_language(app, "en", lambda: password_problem(password, "me@example.vn")) is None


def test_a_password_is_stored_as_an_argon2id_hash_that_verifies_only_itself():
    hashed = hash_password("correct horse battery staple")

    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert verify_password(hashed, "correct horse battery staple")
    assert not verify_password(hashed, "correct horse battery stapler")
    assert not verify_password(None, "correct horse battery staple")
    assert not verify_password("not a hash", "anything")


# --- reset by mail --------------------------------------------------------------------------


def ask_for_reset(client, email: str):
    return submit(client, "/account/reset", {"email": email})


def test_asking_for_a_reset_answers_the_same_for_known_and_unknown_addresses(app, make_user, outbox):
    make_user(email="known@example.vn")
    first, second = app.test_client(), app.test_client()

    known = ask_for_reset(first, "known@example.vn")
    unknown = ask_for_reset(second, "unknown@example.vn")

    assert known.status_code == unknown.status_code == 200
    assert page_text(known, "known@example.vn") == page_text(unknown, "unknown@example.vn")
    assert [message["To"] for message in outbox.messages()] == ["known@example.vn"]


def test_the_reset_mail_leaves_only_after_the_response_has_been_sent(app, make_user, outbox):
    """With real SMTP, a request that mailed inside itself took longer for addresses with accounts."""
    make_user(email="known@example.vn")
    known = submit(app.test_client(), "/account/reset", {"email": "known@example.vn"}, buffered=False)
    unknown = submit(app.test_client(), "/account/reset", {"email": "unknown@example.vn"}, buffered=False)

    assert known.status_code == unknown.status_code == 200
    assert page_text(known, "known@example.vn") == page_text(unknown, "unknown@example.vn")
    assert outbox.messages() == []  # neither request sent anything itself
    unknown.close()
    known.close()  # the server has delivered the page: now the mail goes
    assert [message["To"] for message in outbox.messages()] == ["known@example.vn"]


def test_the_reset_mail_holds_a_link_that_sets_a_new_password(db, client, make_user, outbox):
    user = make_user(email="forgetful@example.vn")
    ask_for_reset(client, "forgetful@example.vn")
    link = path_of(mail_link(outbox.last(), RESET_PREFIX))

    response = submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302
    assert response.location.endswith("/account/login")
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert log_in(client, user.email, PASSWORD).status_code == 422
    assert log_in(client, user.email, NEW_PASSWORD).status_code == 302


def test_a_reset_link_works_only_once(client, make_user, outbox):
    make_user(email="forgetful@example.vn")
    ask_for_reset(client, "forgetful@example.vn")
    link = path_of(mail_link(outbox.last(), RESET_PREFIX))
    token = client.get(link)  # the form, to take its CSRF token before the link is used
    assert token.status_code == 200

    submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert client.get(link).status_code == 400
    again = client.post(link, data={"password": "yet another passphrase", "confirm": "x"})
    assert again.status_code == 400


def test_a_reset_ends_every_session_of_the_account(app, client, make_user, login, outbox):
    """A second device signed in before the reset is signed out after it."""
    user = make_user(email="forgetful@example.vn")
    other_device = app.test_client()
    login(user, other_device)
    assert is_signed_in(other_device)

    ask_for_reset(client, "forgetful@example.vn")
    link = path_of(mail_link(outbox.last(), RESET_PREFIX))
    submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert not is_signed_in(other_device)


def test_a_reset_confirms_the_address_it_was_mailed_to(db, client, make_user, outbox):
    user = make_user(email="unconfirmed@example.vn", verified=False)
    ask_for_reset(client, "unconfirmed@example.vn")
    link = path_of(mail_link(outbox.last(), RESET_PREFIX))

    submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    db.session.refresh(user)
    assert user.email_verified_at is not None


def test_a_weak_new_password_is_refused_on_the_reset_page(db, client, make_user, outbox):
    user = make_user(email="forgetful@example.vn")
    ask_for_reset(client, "forgetful@example.vn")
    link = path_of(mail_link(outbox.last(), RESET_PREFIX))

    response = submit(client, link, {"password": "password123", "confirm": "password123"})

    assert response.status_code == 422
    assert field_error(response, "password")
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)
    assert client.get(link).status_code == 200  # the link was not spent


def test_two_different_new_passwords_are_refused(client, make_user, outbox):
    make_user(email="forgetful@example.vn")
    ask_for_reset(client, "forgetful@example.vn")
    link = path_of(mail_link(outbox.last(), RESET_PREFIX))

    response = submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})

    assert response.status_code == 422
    assert field_error(response, "confirm")


def test_an_inactive_account_is_sent_no_reset_mail(client, make_user, outbox):
    make_user(email="gone@example.vn", is_active=False)

    response = ask_for_reset(client, "gone@example.vn")

    assert response.status_code == 200
    assert outbox.messages() == []


def test_a_reset_link_older_than_two_hours_is_refused(app, client, make_user, monkeypatch):
    user = make_user()

    def token_made_ago(seconds):
        made_at = int(time.time()) - seconds
        with monkeypatch.context() as patch:
            patch.setattr(TimestampSigner, "get_timestamp", lambda self: made_at)
            with app.test_request_context("/"):
                return links.reset_token(user)

    assert client.get(f"/account/reset/{token_made_ago(2 * 3600 + 60)}").status_code == 400
    assert client.get(f"/account/reset/{token_made_ago(3600)}").status_code == 200


def test_a_tampered_reset_link_is_refused(client, make_user, outbox):
    make_user(email="forgetful@example.vn")
    ask_for_reset(client, "forgetful@example.vn")
    link = path_of(mail_link(outbox.last(), RESET_PREFIX))

    assert client.get(link + "x").status_code == 400
    assert client.get("/account/reset/not-a-token").status_code == 400


# --- change while signed in -----------------------------------------------------------------


def change_password(client, current: str, new: str = NEW_PASSWORD):
    return submit(client, "/account/password", {"current": current, "password": new, "confirm": new})


def test_changing_the_password_needs_the_current_one(db, client, make_user):
    user = make_user()
    log_in(client, user.email)

    response = change_password(client, current="not-my-password")

    assert response.status_code == 422
    assert field_error(response, "current")
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_changing_the_password_keeps_this_device_and_ends_the_others(app, db, client, make_user, login):
    user = make_user()
    log_in(client, user.email)
    other_device = app.test_client()
    login(user, other_device)
    assert is_signed_in(other_device)

    response = change_password(client, current=PASSWORD)

    assert response.status_code == 302
    assert response.location.endswith("/account/")
    assert is_signed_in(client)
    assert not is_signed_in(other_device)
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)


def test_the_password_page_is_for_signed_in_accounts_only(client):
    response = client.get("/account/password")

    assert response.status_code == 302
    assert "/account/login" in response.location
