"""Producers' reactions to account events: an account with a profile's email claims that profile."""

from marketplace.core.signals import account_created, email_verified
from marketplace.producers.services import claim_by_email


def _on_account_created(user, trusted: bool = False, **_):
    if trusted:
        claim_by_email(user)


def _on_email_verified(user, **_):
    claim_by_email(user)


def connect() -> None:
    account_created.connect(_on_account_created)
    email_verified.connect(_on_email_verified)
