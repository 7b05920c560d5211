"""Signing in and out: redirects, sessions, remember-me, refusals that reveal nothing, audit rows."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from marketplace.accounts import services
from marketplace.core.audit import AuditEvent
from tests.accounts.helpers import field_error, is_signed_in, log_in, page_text, submit
from tests.conftest import PASSWORD


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_logging_in_redirects_home_and_signs_in(client, make_user):
    user = make_user()

    response = log_in(client, user.email)

    assert response.status_code == 302
    assert urlsplit(response.location).path == "/"
    assert is_signed_in(client)


def test_the_email_is_matched_without_regard_to_case(client, make_user):
    make_user(email="mixed@example.vn")

    assert log_in(client, "MIXED@Example.VN").status_code == 302
    assert is_signed_in(client)


def test_logging_in_starts_a_new_session_without_anything_planted_before(client, make_user):
    """No session fixation: what the anonymous session held is gone, and the cookie changes."""
    user = make_user()
    client.get("/account/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    cookie_before = client.get_cookie("session").value

    log_in(client, user.email)

    assert client.get_cookie("session").value != cookie_before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(user.get_id() + ":")  # and the recorded session's key


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(app, make_user):
    """Nobody can learn which addresses have accounts from the login form."""
    make_user(email="known@example.vn")
    first, second = app.test_client(), app.test_client()

    wrong_password = log_in(first, "known@example.vn", "not-the-password")
    unknown_email = log_in(second, "unknown@example.vn", "not-the-password")

    assert wrong_password.status_code == unknown_email.status_code == 422
    assert field_error(wrong_password, "password")
    assert page_text(wrong_password, "known@example.vn") == page_text(unknown_email, "unknown@example.vn")
    assert not is_signed_in(first) and not is_signed_in(second)


def test_an_inactive_account_cannot_log_in(client, make_user):
    user = make_user(is_active=False)

    response = log_in(client, user.email)

    assert response.status_code == 422
    assert field_error(response, "password")
    assert not is_signed_in(client)


def test_a_deactivated_account_is_signed_out_of_its_open_session(db, client, make_user, login):
    user = login(make_user())
    assert is_signed_in(client)

    user.is_active = False
    db.session.commit()

    assert not is_signed_in(client)


def test_remember_me_sets_a_lasting_cookie_only_when_asked(app, make_user):
    user = make_user()
    forgetful, remembered = app.test_client(), app.test_client()

    log_in(forgetful, user.email)
    log_in(remembered, user.email, remember="y")

    assert forgetful.get_cookie("remember_token") is None
    cookie = remembered.get_cookie("remember_token")
    assert cookie is not None and cookie.http_only
    assert cookie.expires is not None


def test_the_remember_cookie_alone_signs_the_account_back_in(app, make_user):
    user = make_user()
    client = app.test_client()
    log_in(client, user.email, remember="y")
    client.delete_cookie("session")

    assert is_signed_in(client)


@pytest.mark.parametrize("target", ["/account/", "/account/password"])
def test_next_is_followed_to_a_page_of_this_site(client, make_user, target):
    user = make_user()

    response = log_in(client, user.email, next=target)

    parts = urlsplit(response.location)
    assert parts.netloc in ("", "localhost")
    assert parts.path == target


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "http://localhost.evil.example/",
        "/\t/evil.example",
    ],
)
def test_next_never_leads_to_another_site(client, make_user, target):
    user = make_user()

    response = log_in(client, user.email, next=target)

    assert response.status_code == 302
    parts = urlsplit(response.location)
    assert parts.netloc in ("", "localhost")
    assert parts.path == "/"


def test_a_protected_page_sends_to_login_and_login_carries_next(client):
    response = client.get("/account/")

    assert response.status_code == 302
    login_page = client.get(response.location)
    assert 'name="next" type="hidden" value="/account/"' in login_page.get_data(as_text=True)


def test_a_signed_in_visitor_is_sent_from_the_login_page_to_the_account(client, make_user, login):
    login(make_user())

    response = client.get("/account/login")

    assert response.status_code == 302
    assert response.location.endswith("/account/")


def test_logging_out_by_post_ends_the_session(client, make_user):
    user = make_user()
    log_in(client, user.email, remember="y")

    response = submit(client, "/", {}, action="/account/logout")

    assert response.status_code == 302
    assert not is_signed_in(client)
    assert client.get_cookie("remember_token") is None


def test_logout_is_not_offered_by_get(client, make_user, login):
    login(make_user())

    response = client.get("/account/logout")

    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert is_signed_in(client)


def test_a_successful_login_is_written_to_the_audit_log(db, client, make_user):
    user = make_user()

    log_in(client, user.email)

    [event] = events(db, "login")
    assert event.actor_id == user.id
    assert event.subject == f"user:{user.id}"
    assert event.ip == "127.0.0.1"
    assert events(db, "login_failed") == []
    db.session.refresh(user)
    assert user.last_login_at is not None


def test_failed_logins_are_written_to_the_audit_log(db, client, make_user):
    user = make_user(email="target@example.vn")

    log_in(client, "target@example.vn", "wrong-password-1")
    log_in(client, "Nobody@Example.vn", "wrong-password-2")

    failed = events(db, "login_failed")
    assert [(event.subject, event.actor_id) for event in failed] == [
        ("target@example.vn", user.id),
        ("nobody@example.vn", None),
    ]
    assert all(event.ip == "127.0.0.1" for event in failed)
    assert events(db, "login") == []


def test_a_role_change_is_written_to_the_audit_log(app, db, make_user):
    admin, user = make_user(role="admin"), make_user(role="producer")

    with app.test_request_context("/"):
        services.set_role(admin, user, "juror")
        services.set_role(admin, user, "juror")  # no change, no second row
    db.session.commit()

    [event] = events(db, "role_changed")
    assert event.actor_id == admin.id
    assert event.subject == f"user:{user.id}"
    assert event.detail == {"old": "producer", "new": "juror"}
    assert user.role == "juror"


def test_an_unknown_role_is_refused(app, make_user):
    user = make_user()

    with app.test_request_context("/"), pytest.raises(services.AccountError):
        services.set_role(None, user, "superuser")
    assert user.role == "producer"


def test_the_password_field_is_never_sent_back(client, make_user):
    make_user(email="known@example.vn")

    response = log_in(client, "known@example.vn", "my-secret-guess")

    assert "my-secret-guess" not in response.get_data(as_text=True)


def test_a_failed_login_leaves_no_identity_in_the_session(client, make_user):
    user = make_user()
    log_in(client, user.email, "wrong-password-here")

    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert log_in(client, user.email, PASSWORD).status_code == 302  # nothing was locked
