"""Load → check for the awards views: 404 where existence must not leak, 403 where it may."""

import time

from flask import abort, request
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from marketplace.awards.models import Nomination, Programme, ScoreSheet
from marketplace.awards.permissions import (
    can_edit_dossier,
    can_manage_programme,
    can_score,
    can_see_programme,
)
from marketplace.core.routing import MAX_ID
from marketplace.extensions import db


def _get(model, object_id: int):
    found = db.session.get(model, object_id) if 0 < object_id <= MAX_ID else None
    if found is None:
        abort(404)
    return found


def visible_programme(programme_id: int) -> Programme:
    programme = _get(Programme, programme_id)
    if not can_see_programme(current_user, programme):
        abort(404)
    return programme


def managed_programme(programme_id: int) -> Programme:
    if not can_manage_programme(current_user):
        abort(403)
    return _get(Programme, programme_id)


def managed_nomination(nomination_id: int) -> Nomination:
    if not can_manage_programme(current_user):
        abort(403)
    return _get(Nomination, nomination_id)


def own_dossier(nomination_id: int) -> Nomination:
    """A dossier its producer (or staff) may edit; anyone else learns nothing of it."""
    nomination = _get(Nomination, nomination_id)
    if not can_edit_dossier(current_user, nomination):
        abort(404)
    return nomination


def own_sheet(sheet_id: int) -> ScoreSheet:
    sheet = _get(ScoreSheet, sheet_id)
    if not can_score(current_user, sheet):
        abort(404)
    return sheet


def client_ip() -> str | None:
    return request.remote_addr


def commit_when_not_busy(unit, attempts: int = 8):
    """Run `unit` (which ends with the commit) again when SQLite says the database is locked.
    SQLite has one writer at a time; a transaction that read before another writer committed
    cannot then write, and the busy timeout does not help it: starting over is the documented way.
    PostgreSQL never gets here: it waits on the row lock and the unique constraint decides."""
    for attempt in range(attempts):
        try:
            return unit()
        except OperationalError as error:
            db.session.rollback()
            if attempt == attempts - 1 or "database is locked" not in str(error.orig):
                raise
            time.sleep(0.005 * (attempt + 1))
    return None
