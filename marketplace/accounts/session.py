"""Signing in and out with Flask-Login: a fresh session at every login, recorded in the database so
that logging out (or a password change) ends it for good, wherever its cookies were copied to."""

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user
from sqlalchemy import delete, select

from marketplace.core.models import utcnow
from marketplace.extensions import db


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _lifetime(remember: bool) -> timedelta:
    if not remember:
        return current_app.permanent_session_lifetime
    duration = current_app.config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))


def open_login(user, remember: bool = False) -> str:
    """Record a new signed-in session of `user` (flushed) and return the login id both cookies
    carry: "user id:account nonce:session key". Drops the account's sessions that have run out."""
    from marketplace.accounts.models import LoginSession

    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at <= now))
    key = secrets.token_urlsafe(24)
    db.session.add(LoginSession(user_id=user.id, key_hash=_digest(key), expires_at=now + _lifetime(remember)))
    db.session.flush()
    return f"{user.get_id()}:{key}"


def close_login(login_id: str | None) -> None:
    """Forget the session this login id names (flushed); its cookies sign nobody in any more."""
    from marketplace.accounts.models import LoginSession

    key = (login_id or "").rpartition(":")[2]
    if key:
        db.session.execute(delete(LoginSession).where(LoginSession.key_hash == _digest(key)))


def load_user(user_id: str):
    from marketplace.accounts.models import LoginSession, User

    raw_id, nonce, key = (user_id.split(":") + ["", ""])[:3]
    if not raw_id.isdigit() or not nonce or not key:
        return None  # an id from before sessions were recorded, or forged: nobody
    user = db.session.execute(
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(User.id == int(raw_id), LoginSession.key_hash == _digest(key), LoginSession.expires_at > utcnow())
    ).scalar_one_or_none()
    if user is None or not user.is_active or user.session_nonce != nonce:
        return None
    return user


def start_session(user, remember: bool = False) -> None:
    """Drop everything the anonymous session held (no fixation), then sign in with a new recorded
    session; the request's unit of work commits it."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user, remember=remember, fresh=True)
    # Flask-Login wrote user.get_id(); the remember-me cookie is written from this value later on.
    session["_user_id"] = open_login(user, remember)


def end_session() -> None:
    """Sign out and forget this session in the database; the request's unit of work commits it."""
    close_login(session.get("_user_id"))
    logout_user()
    remember = session.get("_remember")
    session.clear()
    if remember:
        session["_remember"] = remember  # Flask-Login's cue to delete the remember-me cookie


def init_app(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
