"""Rate limits on inquiries, messages and buying requests: per account and address, counted atomically, a clear 429."""

from flask import render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from marketplace.core.errors import api_error, wants_json
from marketplace.extensions import limiter

# Per account, then per network address (several people may share one address in a village or an office).
INQUIRY_ACCOUNT, INQUIRY_ADDRESS = "10 per hour;30 per day", "20 per hour"
MESSAGE_ACCOUNT, MESSAGE_ADDRESS = "30 per hour", "60 per hour"
REQUEST_ACCOUNT, REQUEST_ADDRESS = "5 per day", "10 per day"


def account_key() -> str:
    """The signed-in (or bearer-token) account; the address when nobody is signed in."""
    from marketplace.api.auth import bearer_user

    user = bearer_user() if request.path.startswith("/api/") else current_user
    if user is not None and getattr(user, "is_authenticated", False):
        return f"account:{user.id}"
    return f"address:{get_remote_address()}"


def _never(_response) -> bool:
    """Nothing is counted after the response: `take_allowance()` counts before the commit. (A
    deduct_when makes Flask-Limiter only test the limit on the way in instead of counting there.)"""
    return False


def take_allowance() -> None:
    """Count this accepted request against the limits its view declared, now, before its work is
    committed: raises RateLimitExceeded (the request's unit of work rolls back) when one is used up.

    Counting after the response (deduct_when) let parallel requests all pass the check before any of
    them counted: 40 at once sent 13 inquiries against a limit of 10. The storage's `hit` is atomic
    (a Lua script in Redis, a lock in memory), so exactly the allowance gets through; and because it
    comes after the form was validated and the rules passed, a refused request still costs nothing."""
    pending = limiter.context.conditional_deductions
    for limit, args in list(pending.items()):
        if not limiter.limiter.hit(limit.limit, *args, cost=limit.deduction_amount):
            pending.clear()
            raise RateLimitExceeded(limit)
    pending.clear()  # counted once, even if called again


def inquiry_message() -> str:
    return _("You have sent many inquiries in a short time. Please wait an hour and try again.")


def message_message() -> str:
    return _("You have sent many messages in a short time. Please wait a few minutes and try again.")


def request_message() -> str:
    return _("You have posted many buying requests today. Please try again tomorrow.")


def limited(account: str, address: str, message):
    """Both limits for one kind of action, on POST only: tested on the way in (a spent allowance is
    refused at once), counted by the view's `take_allowance()` once the request is accepted."""

    def decorator(view):
        view = limiter.limit(address, methods=["POST"], error_message=message, deduct_when=_never)(view)
        return limiter.limit(
            account, methods=["POST"], key_func=account_key, error_message=message, deduct_when=_never
        )(view)

    return decorator


def too_many(error: RateLimitExceeded):
    """429 with the limit's own translated explanation, as a page or as API JSON."""
    explain = getattr(error.limit, "error_message", None)
    if wants_json():
        with force_locale("en"):  # API messages are for developers, in English
            return api_error(429, explain() if callable(explain) else None)
    text = error.description if explain else _("You have tried too often. Please wait a moment and try again.")
    return render_template("errors/error.html", status=429, title=_("Too many attempts"), text=text), 429
