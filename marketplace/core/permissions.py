"""Roles and the `can_*` questions views ask before acting; one place to read who may do what."""

from functools import wraps

from flask import abort, current_app, g, has_request_context
from flask_login import current_user

PRODUCER, BUYER, ORGANISER, JUROR, ADMIN = "producer", "buyer", "organiser", "juror", "admin"
ROLES = (PRODUCER, BUYER, ORGANISER, JUROR, ADMIN)
SELF_SERVICE_ROLES = (PRODUCER, BUYER)  # anyone may register as these; the rest are appointed


def has_role(user, *roles: str) -> bool:
    return bool(user and getattr(user, "is_authenticated", False) and user.role in roles)


def is_staff(user) -> bool:
    """Organisers (the extension centre's staff) and admins."""
    return has_role(user, ORGANISER, ADMIN)


def can_manage_users(user) -> bool:
    return has_role(user, ADMIN)


def can_assign_role(user, role: str) -> bool:
    return can_manage_users(user) and role in ROLES


def can_view_audit_log(user) -> bool:
    return is_staff(user)


def note_email_unconfirmed() -> None:
    """A rule refused this request's account because its email is not confirmed yet: a 403 that
    follows says so (with a way to resend the link), and the API answers `email_unconfirmed`."""
    if has_request_context():
        g.email_unconfirmed = True


def refused_for_unconfirmed_email() -> bool:
    return has_request_context() and bool(g.get("email_unconfirmed"))


def role_required(*roles: str):
    """Refuse with 403 (401 when signed out) unless the current user holds one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
