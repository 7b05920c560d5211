"""Signals through which one area reacts to another's events without importing its views."""

from blinker import Namespace

_signals = Namespace()

account_created = _signals.signal("account-created")
"""Sent with the new `User` (sender) after it is flushed, before commit; `trusted=True` when an
administrator or the command line made it (its email is then taken as proven). Producers link a
trusted producer account to the profiles carrying its email."""

email_verified = _signals.signal("email-verified")
"""Sent with the `User` (sender) whose email address was just confirmed, before commit.
Producers link the account to the profiles carrying that address (a claim)."""
