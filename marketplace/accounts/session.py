"""Signing in and out with Flask-Login: a fresh session at every login, and ids that expire with the password."""

from flask import Flask, session
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, login_user, logout_user

from marketplace.extensions import db


def load_user(user_id: str):
    from marketplace.accounts.models import User

    raw_id, _, nonce = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    user = db.session.get(User, int(raw_id))
    if user is None or not user.is_active or user.session_nonce != nonce:
        return None
    return user


def start_session(user, remember: bool = False) -> None:
    """Drop everything the anonymous session held (no fixation), then sign in."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user, remember=remember, fresh=True)


def end_session() -> None:
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
