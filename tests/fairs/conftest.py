"""Fixtures for fairs: booth fees are paid through the payments stand-ins (fairs, booths, producers
and payments come from tests/factories.py)."""

from tests.payments.conftest import bank_on, stripe_on, stripe_standin  # noqa: F401  (booth fees are paid there)
