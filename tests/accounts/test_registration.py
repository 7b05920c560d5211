"""Registration and email verification, through the pages a visitor uses."""

import time

import pytest
from itsdangerous.timed import TimestampSigner
from sqlalchemy import select

from marketplace.accounts import links, services
from marketplace.accounts.models import User
from marketplace.accounts.passwords import password_problem
from marketplace.core.audit import AuditEvent
from tests.accounts.helpers import (
    GOOD_PASSWORD,
    field_error,
    in_language,
    is_signed_in,
    mail_link,
    page_text,
    path_of,
    register,
    submit,
)
from tests.conftest import PASSWORD

VERIFY_PREFIX = "http://localhost/account/verify/"


def accounts_with(db, email: str) -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(select(User).where(User.email == email)))


@pytest.mark.parametrize("role", ["producer", "buyer"])
def test_a_visitor_registers_as_producer_or_buyer(client, db, outbox, role):
    """A self-service role gives an unverified account with that role, and a mail to confirm."""
    response = register(client, f"New.{role}@Example.vn", role=role)

    assert response.status_code == 200
    [user] = accounts_with(db, f"new.{role}@example.vn")  # stored lower-case
    assert user.role == role
    assert user.email_verified_at is None
    assert user.locale == "vi"
    assert user.password_hash != GOOD_PASSWORD and user.password_hash.startswith("$argon2id$")
    message = outbox.last()
    assert message["To"] == f"new.{role}@example.vn"
    assert mail_link(message, VERIFY_PREFIX)


@pytest.mark.parametrize("role", ["organiser", "juror", "admin"])
def test_appointed_roles_are_refused_even_when_posted_by_hand(client, db, outbox, role):
    """Organiser, juror and admin are given by an administrator, never taken at sign-up."""
    response = register(client, f"sneaky.{role}@example.vn", role=role)

    assert response.status_code == 422
    assert field_error(response, "role")
    assert accounts_with(db, f"sneaky.{role}@example.vn") == []
    assert outbox.messages() == []


@pytest.mark.parametrize("role", ["organiser", "juror", "admin"])
def test_the_registration_service_refuses_appointed_roles(app, db, role):
    with app.test_request_context("/"):
        with pytest.raises(services.AccountError):
            services.register_account(f"x.{role}@example.vn", GOOD_PASSWORD, "X", role)


BAD_PASSWORDS = {
    "too short": "short7!",
    "too long": "p" * 64 + "q" * 65,
    "common": "password123",
    "equal to the email": "Rule.Breaker@example.vn",
}


@pytest.mark.parametrize("case", BAD_PASSWORDS)
def test_a_weak_password_is_refused_next_to_the_password_field(app, client, db, outbox, case):
    """The refusal is a 422 with the reason beside the password field, in the page's language
    (Vietnamese by default), and no account or mail is made."""
    password = BAD_PASSWORDS[case]
    response = register(client, "rule.breaker@example.vn", password=password)

    assert response.status_code == 422
    expected = in_language(app, "vi", lambda: password_problem(password, "rule.breaker@example.vn"))
    assert expected
    assert field_error(response, "password") == expected
    assert accounts_with(db, "rule.breaker@example.vn") == []
    assert outbox.messages() == []


ENGLISH_REASONS = {
    "too short": "Use at least 8 characters.",
    "too long": "Use at most 128 characters.",
    "common": "This password is too common; choose another.",
    "equal to the email": "Your password must not be your email address.",
}


@pytest.mark.parametrize("case", BAD_PASSWORDS)
def test_the_password_reason_is_shown_in_english_to_an_english_visitor(client, db, case):
    client.set_cookie("lang", "en")
    response = register(client, "rule.breaker@example.vn", password=BAD_PASSWORDS[case])

    assert response.status_code == 422
    assert field_error(response, "password") == ENGLISH_REASONS[case]


def test_an_existing_email_gets_the_same_answer_as_a_new_one(app, db, make_user, outbox):
    """Nobody can learn whether an address has an account: the page (and what follows it) is the
    same; the owner of the existing account is told by mail and the account is left untouched."""
    owner = make_user(email="taken@example.vn", name="Chủ tài khoản")
    hash_before = owner.password_hash
    first, second = app.test_client(), app.test_client()

    new = register(first, "fresh@example.vn")
    taken = register(second, "Taken@example.vn")

    assert new.status_code == taken.status_code == 200
    assert page_text(new, "fresh@example.vn") == page_text(taken, "taken@example.vn")
    after_new, after_taken = first.get("/"), second.get("/")
    assert page_text(after_new) == page_text(after_taken)  # neither visitor is signed in
    assert not is_signed_in(first) and not is_signed_in(second)

    sent = {message["To"]: message for message in outbox.messages()}
    assert set(sent) == {"fresh@example.vn", "taken@example.vn"}
    assert mail_link(sent["fresh@example.vn"], VERIFY_PREFIX)
    owner_mail = sent["taken@example.vn"].get_body(("plain",)).get_content()
    assert "http://localhost/account/login" in owner_mail
    assert "http://localhost/account/reset" in owner_mail
    assert VERIFY_PREFIX not in owner_mail
    [still_one] = accounts_with(db, "taken@example.vn")
    assert still_one.password_hash == hash_before
    assert still_one.display_name == "Chủ tài khoản"


def test_opening_the_verification_link_shows_a_button_but_does_not_verify(client, db, outbox):
    """Mail scanners follow links: only the POST of the confirm button verifies the address."""
    register(client, "verify.me@example.vn")
    link = path_of(mail_link(outbox.last(), VERIFY_PREFIX))

    page = client.get(link)

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<form method="post">' in html and 'type="submit"' in html
    [user] = accounts_with(db, "verify.me@example.vn")
    assert user.email_verified_at is None


def test_pressing_the_confirm_button_verifies_the_address(client, db, outbox):
    register(client, "verify.me@example.vn")
    link = path_of(mail_link(outbox.last(), VERIFY_PREFIX))

    response = submit(client, link, {})

    assert response.status_code == 302
    assert response.location.endswith("/account/login")
    [user] = accounts_with(db, "verify.me@example.vn")
    assert user.email_verified_at is not None
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "email_verified"))
    assert [event.actor_id for event in events] == [user.id]


def test_a_verification_link_that_was_tampered_with_is_refused(client, db, outbox):
    register(client, "verify.me@example.vn")
    link = path_of(mail_link(outbox.last(), VERIFY_PREFIX))
    # Change a character inside the signature: the last one carries padding bits that a
    # base64 decoder may ignore, which would leave the signature valid.
    tampered = link[:-5] + ("A" if link[-5] != "A" else "B") + link[-4:]

    assert client.get(tampered).status_code == 400
    assert client.post(tampered, data={}).status_code == 400
    [user] = accounts_with(db, "verify.me@example.vn")
    assert user.email_verified_at is None


def _token_made_ago(app, make_token, seconds: int, monkeypatch) -> str:
    made_at = int(time.time()) - seconds
    with monkeypatch.context() as patch:
        patch.setattr(TimestampSigner, "get_timestamp", lambda self: made_at)
        with app.test_request_context("/"):
            return make_token()


def test_a_verification_link_older_than_three_days_is_refused(app, client, make_user, monkeypatch):
    user = make_user(verified=False)
    old = _token_made_ago(app, lambda: links.verification_token(user), 3 * 24 * 3600 + 60, monkeypatch)
    recent = _token_made_ago(app, lambda: links.verification_token(user), 2 * 24 * 3600, monkeypatch)

    assert client.get(f"/account/verify/{old}").status_code == 400
    assert client.get(f"/account/verify/{recent}").status_code == 200


def test_a_password_reset_token_does_not_verify_an_address(app, client, make_user):
    """Tokens are bound to their purpose: another kind of signed token is not accepted."""
    user = make_user(verified=False)
    with app.test_request_context("/"):
        reset = links.reset_token(user)

    assert client.get(f"/account/verify/{reset}").status_code == 400


def test_a_verification_link_stops_working_when_the_address_changes(app, db, client, make_user):
    user = make_user(verified=False, email="before@example.vn")
    with app.test_request_context("/"):
        token = links.verification_token(user)
    user.email = "after@example.vn"
    db.session.commit()

    assert client.get(f"/account/verify/{token}").status_code == 400


def test_a_signed_in_visitor_is_sent_from_the_registration_page_to_the_account(client, make_user, login):
    login(make_user())

    response = client.get("/account/register")

    assert response.status_code == 302
    assert response.location.endswith("/account/")


def test_the_new_account_can_log_in_with_the_password_it_chose(client, db, outbox):
    from tests.accounts.helpers import log_in

    register(client, "newcomer@example.vn", password=GOOD_PASSWORD)

    assert log_in(client, "newcomer@example.vn", PASSWORD).status_code == 422
    assert log_in(client, "newcomer@example.vn", GOOD_PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_a_visitor_who_registers_midway_comes_back_to_what_they_were_doing(client, db, outbox):
    """A buyer who registers from a half-typed inquiry returns to it after confirming and signing in."""
    target = "/inquiries/new?product_id=7"
    register(client, "midway@example.vn", next=target)
    link = path_of(mail_link(outbox.last(), VERIFY_PREFIX))

    confirmed = submit(client, link, {})
    assert confirmed.status_code == 302
    login_page = path_of(confirmed.location)
    assert login_page.startswith("/account/login?next=")

    signed_in = submit(client, login_page, {"email": "midway@example.vn", "password": GOOD_PASSWORD})
    assert signed_in.status_code == 302
    assert path_of(signed_in.location) == target


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example"])
def test_a_next_address_off_this_site_is_not_carried_through_verification(client, db, outbox, target):
    register(client, "offsite@example.vn", next=target)
    link = path_of(mail_link(outbox.last(), VERIFY_PREFIX))

    confirmed = submit(client, link, {})

    assert path_of(confirmed.location) == "/account/login"
