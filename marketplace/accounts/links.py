"""Signed, expiring links for email verification and password reset."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

VERIFY_SALT, RESET_SALT, INVITE_SALT = "verify-email", "reset-password", "invitation"
VERIFY_MAX_AGE = 3 * 24 * 3600
RESET_MAX_AGE = 2 * 3600
INVITE_MAX_AGE = 7 * 24 * 3600  # staff are often invited before they sit at a computer


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def verification_token(user, next_path: str | None = None) -> str:
    # Bound to the address: a link sent before an email change cannot verify the new address.
    # `next_path` (already checked as a path of this site) brings the person back to what they were
    # doing when they registered, e.g. an inquiry they had started typing.
    data = {"uid": user.id, "email": _fingerprint(user.email)}
    if next_path:
        data["next"] = next_path
    return _serializer(VERIFY_SALT).dumps(data)


def reset_token(user) -> str:
    # Bound to the current password hash: once used (or the password changes) the link is dead.
    return _serializer(RESET_SALT).dumps({"uid": user.id, "pw": _fingerprint(user.password_hash)})


def invitation_token(user) -> str:
    # Like a reset link (dead once a password is chosen), but longer-lived and not interchangeable.
    return _serializer(INVITE_SALT).dumps({"uid": user.id, "pw": _fingerprint(user.password_hash)})


def read_verification_token(token: str, load_user):
    user, _next_path = read_verification_link(token, load_user)
    return user


def read_verification_link(token: str, load_user):
    """(user, next path or None); (None, None) when the link is forged, expired or outdated."""
    data = _loads(VERIFY_SALT, token, VERIFY_MAX_AGE)
    user = load_user(data["uid"]) if data else None
    if user is None or _fingerprint(user.email) != data.get("email"):
        return None, None
    next_path = data.get("next")
    return user, next_path if isinstance(next_path, str) else None


def read_reset_token(token: str, load_user, salt: str = RESET_SALT, max_age: int = RESET_MAX_AGE):
    data = _loads(salt, token, max_age)
    user = load_user(data["uid"]) if data else None
    if user is None or _fingerprint(user.password_hash) != data.get("pw"):
        return None
    return user


def read_invitation_token(token: str, load_user):
    return read_reset_token(token, load_user, INVITE_SALT, INVITE_MAX_AGE)


def _loads(salt: str, token: str, max_age: int) -> dict | None:
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("uid"), int) else None
