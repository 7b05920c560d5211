"""POST /api/v1/tokens: HTTP Basic in, a bearer token out; tokens are stored hashed and expire."""

import base64
import hashlib
from datetime import UTC, datetime, timedelta

from flask import jsonify
from sqlalchemy import select, text

from marketplace.accounts.models import ApiToken
from marketplace.accounts.services import user_for_api_token
from marketplace.api.auth import bearer_user, token_required
from tests.conftest import PASSWORD


def issue(client, email: str, password: str = PASSWORD):
    return client.post("/api/v1/tokens", auth=(email, password))


def test_good_credentials_get_a_token_that_expires_in_thirty_days(client, make_user):
    user = make_user()

    response = issue(client, user.email)

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "expires_at"}
    assert len(body["token"]) >= 32
    expires = datetime.fromisoformat(body["expires_at"])
    assert expires.tzinfo is not None
    assert abs(expires - (datetime.now(UTC) + timedelta(days=30))) < timedelta(minutes=1)


def test_each_request_gets_a_new_token(client, make_user):
    user = make_user()

    assert issue(client, user.email).get_json()["token"] != issue(client, user.email).get_json()["token"]


def test_the_token_identifies_its_account(app, client, make_user):
    user = make_user()
    raw = issue(client, user.email).get_json()["token"]

    assert user_for_api_token(raw) == user
    with app.test_request_context("/api/v1/x", headers={"Authorization": f"Bearer {raw}"}):
        assert bearer_user() == user


def test_a_wrong_password_and_an_unknown_email_get_the_same_401(client, make_user):
    user = make_user()

    wrong = issue(client, user.email, "not-the-password")
    unknown = issue(client, "nobody@example.vn", "not-the-password")

    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()
    assert wrong.get_json()["error"]["code"] == "unauthorized"
    assert wrong.get_json()["error"]["message"]


def test_an_inactive_account_gets_no_token(client, make_user):
    user = make_user(is_active=False)

    assert issue(client, user.email).status_code == 401


def test_missing_credentials_ask_for_basic_authentication(client):
    response = client.post("/api/v1/tokens")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_malformed_authorization_header_is_a_401_not_a_500(client):
    for header in (
        "Basic !!!not-base64!!!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Bearer something",
        "Basic",
    ):
        response = client.post("/api/v1/tokens", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.is_json


def test_the_token_is_stored_only_as_its_sha256(db, client, make_user):
    """A leaked api_tokens table grants nothing: the raw token is in no column."""
    user = make_user()
    raw = issue(client, user.email).get_json()["token"]

    rows = db.session.execute(text("SELECT * FROM api_tokens")).all()
    assert len(rows) == 1
    assert all(raw not in str(value) for value in rows[0])
    stored = db.session.scalar(select(ApiToken.token_hash))
    assert stored == hashlib.sha256(raw.encode()).hexdigest()


def test_an_expired_token_is_refused(db, client, make_user):
    user = make_user()
    raw = issue(client, user.email).get_json()["token"]
    token = db.session.scalar(select(ApiToken))

    assert user_for_api_token(raw, now=token.expires_at - timedelta(seconds=1)) == user
    assert user_for_api_token(raw, now=token.expires_at) is None
    assert user_for_api_token(raw, now=token.expires_at + timedelta(days=1)) is None

    token.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    db.session.commit()
    assert user_for_api_token(raw) is None


def test_a_token_of_a_deactivated_account_is_refused(db, client, make_user):
    user = make_user()
    raw = issue(client, user.email).get_json()["token"]

    user.is_active = False
    db.session.commit()

    assert user_for_api_token(raw) is None


def test_an_unknown_token_is_refused(db):
    assert user_for_api_token("made-up-token") is None


@token_required
def protected():
    return jsonify({"user": bearer_user().id})


def test_token_required_refuses_a_call_without_a_valid_bearer_token(app, db):
    for headers in ({}, {"Authorization": "Bearer made-up"}, {"Authorization": "Basic eDp5"}):
        with app.test_request_context("/api/v1/x", headers=headers):
            response, status = protected()
        assert status == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_required_lets_a_valid_bearer_token_through(app, client, make_user):
    user = make_user()
    raw = issue(client, user.email).get_json()["token"]

    with app.test_request_context("/api/v1/x", headers={"Authorization": f"Bearer {raw}"}):
        response = protected()

    assert response.get_json() == {"user": user.id}


def test_token_requests_are_limited_to_ten_a_minute(client):
    """From one address, whatever the accounts (the per-account back-off is another rule)."""
    statuses = [client.post("/api/v1/tokens", auth=(f"a{n}@example.vn", "x")).status_code for n in range(11)]

    assert statuses == [401] * 10 + [429]
    limited = client.post("/api/v1/tokens", auth=("b@example.vn", "x"))
    assert limited.get_json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in limited.headers


def test_the_api_needs_no_csrf_token_and_sets_no_session_cookie(client, make_user):
    """The API authenticates by header only, so a session cookie could never stand in for it."""
    user = make_user()

    response = issue(client, user.email)

    assert response.status_code == 201
    assert not [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def test_a_wrong_password_is_refused_with_401_yet_its_audit_row_stays(client, db, make_user):
    """The 401 rolls the request's unit of work back; the failed sign-in is still on record."""
    from marketplace.core.audit import AuditEvent

    user = make_user()

    response = issue(client, user.email, "not-the-password")

    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
    db.session.expire_all()
    failed = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
    assert [event.subject for event in failed] == [user.email]
