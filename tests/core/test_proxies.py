"""Behind TRUSTED_PROXIES proxies the client's forwarded address is the one limits and the audit log
see; with none, a forwarded header is the client's own words and is ignored."""

import pytest
from sqlalchemy import select
from werkzeug.middleware.proxy_fix import ProxyFix

from marketplace import create_app
from marketplace.config import ConfigError, load_settings
from marketplace.core import proxies
from marketplace.core.audit import AuditEvent
from tests.conftest import PASSWORD, csrf_token_from
from tests.support import dispose_engines

PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR: the proxy's address as the app sees it


@pytest.fixture
def behind_proxies(app):
    """`behind_proxies(n)`: the session's app as create_app builds it with TRUSTED_PROXIES=n."""
    original = app.wsgi_app

    def configure(hops: int):
        app.config["TRUSTED_PROXIES"] = hops
        app.wsgi_app = original
        proxies.init_app(app)

    yield configure
    app.wsgi_app = original
    app.config["TRUSTED_PROXIES"] = 0


def sign_in_attempts(client, forwarded_for: list[str]) -> list[int]:
    """One refused sign-in (a bad email: no account's back-off involved) per entry, each sent with that
    X-Forwarded-For, against the login form's limit of 10 posts a minute per address."""
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    return [
        client.post(
            "/account/login",
            data={"csrf_token": token, "email": "not-an-email", "password": "x"},
            headers={"X-Forwarded-For": address},
        ).status_code
        for address in forwarded_for
    ]


def test_behind_one_proxy_each_forwarded_client_has_its_own_limit(behind_proxies, client, app):
    behind_proxies(1)

    assert sign_in_attempts(client, ["198.51.100.1"] * 11) == [422] * 10 + [429]
    # Another client behind the same proxy is not punished for the first one's attempts.
    assert sign_in_attempts(app.test_client(), ["198.51.100.2"]) == [422]


def test_behind_one_proxy_only_the_address_the_proxy_appended_counts(behind_proxies, client):
    """A client writing its own X-Forwarded-For gets its forged entries put before its real one."""
    behind_proxies(1)

    statuses = sign_in_attempts(client, [f"10.0.0.{n}, 198.51.100.3" for n in range(11)])

    assert statuses == [422] * 10 + [429]


def test_without_trusted_proxies_a_forged_header_does_not_dodge_the_limit(behind_proxies, client):
    behind_proxies(0)

    statuses = sign_in_attempts(client, [f"198.51.100.{n}" for n in range(11)])

    assert statuses == [422] * 10 + [429]


def test_the_audit_log_records_the_forwarded_client(behind_proxies, client, make_user, db):
    behind_proxies(1)
    user = make_user()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))

    response = client.post(
        "/account/login",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.9"},
    )

    assert response.status_code == 302
    ips = db.session.scalars(
        select(AuditEvent.ip).where(AuditEvent.action == "login", AuditEvent.subject == f"user:{user.id}")
    ).all()
    assert ips == ["198.51.100.9"]


def test_without_trusted_proxies_the_audit_log_records_the_peer(behind_proxies, client, make_user, db):
    behind_proxies(0)
    user = make_user()
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))

    client.post(
        "/account/login",
        data={"csrf_token": token, "email": user.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "198.51.100.9"},
    )

    ips = db.session.scalars(
        select(AuditEvent.ip).where(AuditEvent.action == "login", AuditEvent.subject == f"user:{user.id}")
    ).all()
    assert ips == [PROXY]


def test_create_app_applies_the_setting(tmp_path):
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "proxies-test-secret-key-0123",
            "DATA_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'proxies.db'}",
            "TRUSTED_PROXIES": 2,
        }
    )
    try:
        assert isinstance(app.wsgi_app, ProxyFix)
        assert (app.wsgi_app.x_for, app.wsgi_app.x_proto, app.wsgi_app.x_host) == (2, 2, 0)
    finally:
        dispose_engines(app)


def test_trusted_proxies_defaults_to_none():
    assert load_settings(environ={"APP_ENV": "testing"})["TRUSTED_PROXIES"] == 0
    assert load_settings(environ={"APP_ENV": "testing", "TRUSTED_PROXIES": "1"})["TRUSTED_PROXIES"] == 1


@pytest.mark.parametrize("value", ["-1", "one", "", "1.5"])
def test_a_malformed_trusted_proxies_stops_the_app(value):
    with pytest.raises(ConfigError) as error:
        load_settings(environ={"APP_ENV": "testing", "TRUSTED_PROXIES": value})

    assert "TRUSTED_PROXIES" in str(error.value)
