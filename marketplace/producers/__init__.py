"""Producers (cơ sở CNNT): profiles, the accounts that act for them, and the public directory."""
