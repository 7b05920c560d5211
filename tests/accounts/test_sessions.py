"""Sessions and tokens end for good: logging out, a password change and a reset leave no copied
cookie or API token working; tokens are listed and revoked on the account page and by the API."""

from marketplace.accounts.models import ApiToken
from tests.accounts.helpers import is_signed_in, log_in, mail_link, path_of, submit
from tests.conftest import PASSWORD, csrf_token_from

NEW_PASSWORD = "a brand new passphrase 2026"


def copy_cookies(app, source, names=("session", "remember_token")):
    """Another client holding copies of `source`'s cookies (what a thief takes from a device)."""
    thief = app.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def log_out(client):
    token = csrf_token_from(client.get("/account/").get_data(as_text=True))
    return client.post("/account/logout", data={"csrf_token": token})


def token_for(client, email, password=PASSWORD):
    return client.post("/api/v1/tokens", auth=(email, password)).get_json()["token"]


def still_valid(db, raw) -> bool:
    from marketplace.accounts.services import user_for_api_token

    db.session.expire_all()
    return user_for_api_token(raw) is not None


def test_a_session_cookie_copied_before_logout_signs_nobody_in_after_it(app, make_user):
    user = make_user()
    device = app.test_client()
    log_in(device, user.email)
    thief = copy_cookies(app, device, names=("session",))
    assert is_signed_in(thief)

    log_out(device)

    assert not is_signed_in(device)
    assert not is_signed_in(thief)


def test_a_remember_cookie_copied_before_logout_signs_nobody_in_after_it(app, make_user):
    user = make_user()
    device = app.test_client()
    log_in(device, user.email, remember="y")
    thief = copy_cookies(app, device, names=("remember_token",))
    assert is_signed_in(thief)  # the remember-me cookie alone signs in...

    log_out(device)

    assert not is_signed_in(copy_cookies(app, thief, names=("remember_token",)))  # ...no more


def test_logging_out_ends_only_that_session(app, make_user):
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    log_in(phone, user.email)
    log_in(laptop, user.email, remember="y")

    log_out(phone)

    assert not is_signed_in(phone)
    assert is_signed_in(laptop)


def test_a_password_change_ends_other_sessions_remember_cookies_and_tokens(db, app, make_user):
    user = make_user()
    here, other = app.test_client(), app.test_client()
    log_in(here, user.email)
    log_in(other, user.email, remember="y")
    remembered = copy_cookies(app, other, names=("remember_token",))
    raw = token_for(here, user.email)

    response = submit(
        here, "/account/password", {"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert is_signed_in(here)  # the device it was changed on stays signed in
    assert not is_signed_in(other)
    assert not is_signed_in(remembered)
    assert not still_valid(db, raw)


def test_a_reset_that_confirms_the_email_ends_every_session_and_token(db, app, client, make_user, outbox):
    """The attack of issue 13: a token taken by whoever held the account dies with the owner's reset."""
    user = make_user(email="coop@example.vn")
    intruder = app.test_client()
    log_in(intruder, user.email, remember="y")
    remembered = copy_cookies(app, intruder, names=("remember_token",))
    raw = token_for(intruder, user.email)
    user.email_verified_at = None
    db.session.commit()

    submit(client, "/account/reset", {"email": "coop@example.vn"})
    link = path_of(mail_link(outbox.last(), "http://localhost/account/reset/"))
    submit(client, link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    db.session.refresh(user)
    assert user.is_verified
    assert not is_signed_in(intruder)
    assert not is_signed_in(remembered)
    assert not still_valid(db, raw)


def test_the_account_page_lists_tokens_and_revokes_one(db, app, client, make_user):
    user = make_user()
    log_in(client, user.email)
    first, second = token_for(client, user.email), token_for(client, user.email)
    page = client.get("/account/").get_data(as_text=True)
    ids = [token.id for token in db.session.query(ApiToken).filter_by(user_id=user.id).order_by(ApiToken.id)]
    assert all(f"/account/tokens/{token_id}/revoke" in page for token_id in ids)

    response = submit(client, "/account/", {}, action=f"/account/tokens/{ids[0]}/revoke")

    assert response.status_code == 302
    assert not still_valid(db, first)
    assert still_valid(db, second)
    assert f"/account/tokens/{ids[0]}/revoke" not in client.get("/account/").get_data(as_text=True)


def test_nobody_revokes_another_accounts_token(db, app, client, make_user):
    owner, other = make_user(), make_user()
    raw = token_for(app.test_client(), owner.email)
    token_id = db.session.query(ApiToken.id).filter_by(user_id=owner.id).scalar()
    log_in(client, other.email)

    response = submit(client, "/account/", {}, action=f"/account/tokens/{token_id}/revoke")

    assert response.status_code == 404
    assert still_valid(db, raw)


def test_delete_tokens_current_revokes_the_callers_token(db, client, make_user):
    user = make_user()
    raw, other = token_for(client, user.email), token_for(client, user.email)
    headers = {"Authorization": f"Bearer {raw}"}

    response = client.delete("/api/v1/tokens/current", headers=headers)

    assert response.status_code == 204
    assert not still_valid(db, raw)
    assert still_valid(db, other)
    again = client.delete("/api/v1/tokens/current", headers=headers)
    assert again.status_code == 401
    assert again.get_json()["error"]["code"] == "unauthorized"
