"""Reads for the administration pages: accounts by name, email or role; the audit log."""

from sqlalchemy import or_, select

from marketplace.accounts.models import User
from marketplace.core.audit import AuditEvent
from marketplace.core.pagination import Page, paginate
from marketplace.core.permissions import ROLES
from marketplace.extensions import db

PER_PAGE = 50


def accounts_page(text: str, role: str, number: int) -> Page:
    statement = select(User).order_by(User.created_at.desc(), User.id.desc())
    if role in ROLES:
        statement = statement.where(User.role == role)
    text = text.strip()[:120]
    if text:
        # Emails are stored lower-case; names are matched without regard to case.
        statement = statement.where(or_(User.email.contains(text.lower()), User.display_name.ilike(f"%{text}%")))
    return paginate(statement, number, PER_PAGE)


def audit_page(action: str, subject: str, number: int) -> Page:
    statement = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        statement = statement.where(AuditEvent.action == action[:64])
    if subject:
        statement = statement.where(AuditEvent.subject == subject[:200])
    return paginate(statement, number, PER_PAGE)


def audit_actions() -> list[str]:
    return list(db.session.execute(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).scalars())


def account_history(user: User, limit: int = 20) -> list[AuditEvent]:
    """What happened to this account and what it did, newest first."""
    statement = (
        select(AuditEvent)
        .where(or_(AuditEvent.subject == f"user:{user.id}", AuditEvent.actor_id == user.id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.execute(statement).scalars())
