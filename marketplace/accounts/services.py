"""Account rules: registration, verification, sign-in, passwords, roles and API tokens (writes flush only)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from marketplace.accounts.models import ApiToken, LoginSession, User, new_session_nonce
from marketplace.accounts.passwords import hash_password, needs_rehash, password_problem, verify_password
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.core.permissions import ROLES, SELF_SERVICE_ROLES
from marketplace.core.rules import RuleError
from marketplace.core.signals import account_created, email_verified
from marketplace.extensions import db


class AccountError(RuleError):
    """A rule refused the change; str() is the translated reason, `field` the form field at fault."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.execute(select(User).where(User.email == normalise_email(email))).scalar_one_or_none()


def register_account(email, password, display_name, role, locale=None) -> tuple[User | None, User | None]:
    """Create a self-service account. Returns (new user, None), or (None, existing) when the
    address is taken: the caller answers both the same way so addresses cannot be probed."""
    if role not in SELF_SERVICE_ROLES:
        raise AccountError(str(_l("This role is given by an administrator.")), "role")
    existing = find_by_email(email)
    if existing is not None:
        hash_password(password)  # spend the time a new account takes: no probing by timing either
        return None, existing
    return _create(email, password, display_name, role, locale, trusted=False), None


def create_account(email, password, display_name, role, verified=False, locale=None) -> User:
    """Create any kind of account (administrators and the `users create` command)."""
    if role not in ROLES:
        raise AccountError(str(_l("Unknown role.")), "role")
    if find_by_email(email) is not None:
        raise AccountError(str(_l("An account with this email already exists.")), "email")
    user = _create(email, password, display_name, role, locale, trusted=True)
    if verified:
        mark_email_verified(user)
    return user


def _create(email, password, display_name, role, locale, trusted: bool) -> User:
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")
    user = User(
        email=normalise_email(email),
        display_name=display_name.strip() or normalise_email(email).split("@")[0],
        password_hash=hash_password(password),
        role=role,
        locale=locale,
    )
    db.session.add(user)
    db.session.flush()
    record_event("account_created", actor=user, subject=f"user:{user.id}", role=role)
    account_created.send(user, trusted=trusted)
    return user


def mark_email_verified(user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        record_event("email_verified", actor=user, subject=f"user:{user.id}")
        email_verified.send(user)


def authenticate(email: str, password: str) -> User | None:
    """The account for these credentials, or None; failures are logged without saying which part was wrong."""
    user = find_by_email(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        record_event("login_failed", actor=user, subject=normalise_email(email)[:200])
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    record_event("login", actor=user, subject=f"user:{user.id}")


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user.password_hash, current):
        raise AccountError(str(_l("Your current password is not correct.")), "current")
    set_password(user, new)
    record_event("password_changed", actor=user, subject=f"user:{user.id}")


def set_password(user: User, new: str) -> None:
    problem = password_problem(new, user.email)
    if problem:
        raise AccountError(problem, "password")
    user.password_hash = hash_password(new)
    end_every_session(user)  # the caller signs the device it was changed on in again


def end_every_session(user: User) -> None:
    """Whoever held this account's sessions, remember-me cookies or API tokens holds them no more."""
    user.session_nonce = new_session_nonce()
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    db.session.expire(user, ["tokens", "login_sessions"])


def reset_password(user: User, new: str) -> None:
    set_password(user, new)
    # Receiving the link proves the address, so a reset also verifies it.
    mark_email_verified(user)
    record_event("password_reset", actor=user, subject=f"user:{user.id}")


def set_role(actor: User | None, user: User, role: str) -> None:
    if role not in ROLES:
        raise AccountError(str(_l("Unknown role.")), "role")
    if actor is not None and actor.id == user.id and role != user.role:
        raise AccountError(str(_l("You cannot change your own role: ask another administrator.")), "role")
    if user.role != role:
        record_event("role_changed", actor=actor, subject=f"user:{user.id}", old=user.role, new=role)
        user.role = role


def invite_account(actor: User, email: str, display_name: str, role: str) -> User:
    """An account made by an administrator (any role). Nobody knows its password: the owner
    chooses one through the invitation link, which also proves the address."""
    if find_by_email(email) is not None:
        raise AccountError(str(_l("An account with this email address already exists.")), "email")
    user = create_account(email, secrets.token_urlsafe(32), display_name, role, verified=False)
    record_event("account_invited", actor=actor, subject=f"user:{user.id}", role=role)
    return user


def set_active(actor: User, user: User, active: bool) -> None:
    """Block or unblock an account; a blocked account cannot sign in and its sessions end."""
    if actor.id == user.id:
        raise AccountError(str(_l("You cannot block your own account.")))
    if user.is_active != active:
        user.is_active = active
        end_every_session(user)
        record_event("account_unblocked" if active else "account_blocked", actor=actor, subject=f"user:{user.id}")


def set_locale(user: User, locale: str) -> None:
    user.locale = locale


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def issue_api_token(user: User) -> tuple[str, ApiToken]:
    raw = secrets.token_urlsafe(32)
    hours = current_app.config["API_TOKEN_TTL_HOURS"]
    token = ApiToken(user=user, token_hash=_token_digest(raw), expires_at=utcnow() + timedelta(hours=hours))
    db.session.add(token)
    db.session.flush()
    return raw, token


def api_tokens_of(user: User, now: datetime | None = None) -> list[ApiToken]:
    """The account's tokens still valid, newest first."""
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.expires_at > (now or utcnow()))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_api_token(user: User, token_id: int) -> bool:
    """Revoke one of the account's own tokens; False when it has no such token."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return False
    db.session.delete(token)
    db.session.flush()
    record_event("api_token_revoked", actor=user, subject=f"user:{user.id}", token=token_id)
    return True


def token_for_raw(raw: str) -> ApiToken | None:
    return db.session.execute(select(ApiToken).where(ApiToken.token_hash == _token_digest(raw))).scalar_one_or_none()


def user_for_api_token(raw: str, now: datetime | None = None) -> User | None:
    token = token_for_raw(raw)
    now = now or utcnow()
    if token is None or token.expires_at <= now or not token.user.is_active:
        return None
    return token.user
