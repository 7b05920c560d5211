"""Accounts: registration, email verification, sign-in, passwords and the account page."""
