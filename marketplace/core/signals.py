"""Signals through which one area reacts to another's events without importing its views."""

from blinker import Namespace

_signals = Namespace()

account_created = _signals.signal("account-created")
"""Sent with the new `User` (sender) after it is added to the session, before commit.
The catalogue links a producer account to the imported producer whose email it carries."""

email_verified = _signals.signal("email-verified")
"""Sent with the `User` (sender) whose email address was just confirmed, before commit."""
