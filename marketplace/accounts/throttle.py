"""Sign-in back-off per account: wrong passwords, never successful sign-ins, earn a growing wait.

The web login and `POST /api/v1/tokens` both go through `attempt_sign_in`, so guessing through one
does not reset the other. The first FREE_FAILURES wrong passwords cost nothing; each one after that
makes the account wait FIRST_WAIT seconds, doubled for every further failure, at most MAX_WAIT.
While the wait runs, attempts for that email are refused (429) without checking the password, and
are not counted; once it has passed, the right password signs in and clears the count. So someone
guessing cannot lock the owner out for longer than MAX_WAIT at a time. The counts live in the rate
limiter's storage: Redis (shared by every worker and host) when REDIS_URL is set, else memory."""

import hashlib
import math
import time

from flask import current_app
from flask_babel import LazyString, gettext, ngettext

from marketplace.accounts.services import authenticate, normalise_email
from marketplace.core.rules import RuleError
from marketplace.extensions import limiter

FREE_FAILURES = 5
FIRST_WAIT = 30  # seconds
MAX_WAIT = 15 * 60
FORGET_AFTER = 24 * 3600  # failures older than this (since the first of them) are forgotten


class SignInThrottled(RuleError):
    """Too many wrong passwords for this email lately; `retry_after` seconds to wait."""

    status = 429
    code = "signin_throttled"

    def __init__(self, retry_after: int):
        super().__init__(LazyString(waiting_message, retry_after))
        self.retry_after = retry_after


def wait_after(failures: int) -> int:
    """Seconds an account waits after its `failures`-th wrong password in a row."""
    if failures < FREE_FAILURES:
        return 0
    return min(FIRST_WAIT * 2 ** (failures - FREE_FAILURES), MAX_WAIT)


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]  # no addresses in Redis keys
    return f"signin-failures/{digest}", f"signin-wait/{digest}"


def _storage():
    return limiter.storage if current_app.config.get("RATELIMIT_ENABLED", True) else None


def seconds_to_wait(email: str) -> int:
    """How long attempts for this (normalised) email are still refused; 0 when they are not."""
    storage = _storage()
    if storage is None:
        return 0
    _failures, wait_key = _keys(email)
    try:
        if not storage.get(wait_key):
            return 0
        return max(1, math.ceil(storage.get_expiry(wait_key) - time.time()))
    except Exception:  # noqa: BLE001  (the storage is down: sign-in must not fail with it)
        current_app.logger.warning("sign-in back-off storage unavailable", exc_info=True)
        return 0


def note_failure(email: str) -> None:
    storage = _storage()
    if storage is None:
        return
    failures_key, wait_key = _keys(email)
    try:
        wait = wait_after(storage.incr(failures_key, FORGET_AFTER))
        if wait:
            storage.clear(wait_key)
            storage.incr(wait_key, wait)
    except Exception:  # noqa: BLE001
        current_app.logger.warning("sign-in back-off storage unavailable", exc_info=True)


def note_success(email: str) -> None:
    storage = _storage()
    if storage is None:
        return
    try:
        for key in _keys(email):
            storage.clear(key)
    except Exception:  # noqa: BLE001
        current_app.logger.warning("sign-in back-off storage unavailable", exc_info=True)


def attempt_sign_in(email: str, password: str):
    """The account for these credentials, or None; raises SignInThrottled while the email waits.
    Writes the audit row of a failure, which the caller keeps even though it refuses (commit_now)."""
    email = normalise_email(email)[:254]
    wait = seconds_to_wait(email)
    if wait:
        raise SignInThrottled(wait)
    user = authenticate(email, password)
    if user is None:
        note_failure(email)
    else:
        note_success(email)
    return user


def waiting_message(seconds: int) -> str:
    """The translated refusal shown while an email waits."""
    if seconds < 60:
        wait = ngettext("%(num)d second", "%(num)d seconds", seconds)
    else:
        wait = ngettext("%(num)d minute", "%(num)d minutes", math.ceil(seconds / 60))
    return gettext(
        "Too many wrong passwords were tried for this account. Please wait %(wait)s, then try "
        "again, or reset your password.",
        wait=wait,
    )
