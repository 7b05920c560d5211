"""Accounts: registration, email verification, sign-in, passwords and the account page."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="/account")

from marketplace.accounts import views  # noqa: E402,F401  (routes attach themselves to bp)
