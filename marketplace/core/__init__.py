"""Shared foundations (models, i18n, security, mail, audit) and the site-wide pages."""
