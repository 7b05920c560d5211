"""Who is calling the API: a bearer token in the Authorization header, nothing else."""

from functools import wraps

from flask import g, request

from marketplace.accounts.services import user_for_api_token
from marketplace.core.errors import api_error


def bearer_raw() -> str:
    """The bearer token this request carries, or ""."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    return raw.strip() if scheme.lower() == "bearer" else ""


def bearer_user():
    """The account behind this request's bearer token, or None (cached for the request)."""
    if "api_user" not in g:
        raw = bearer_raw()
        g.api_user = user_for_api_token(raw) if raw else None
    return g.api_user


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if bearer_user() is None:
            response = api_error(401, "A valid bearer token is required.")
            response[0].headers["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        return view(*args, **kwargs)

    return wrapped
