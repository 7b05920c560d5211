"""Load → check for the awards views: 404 where existence must not leak, 403 where it may, errors as pages."""

from typing import NoReturn

from flask import abort, request
from flask_login import current_user

from marketplace.awards.errors import AwardError
from marketplace.awards.models import Nomination, Programme, ScoreSheet
from marketplace.awards.permissions import (
    can_edit_dossier,
    can_manage_programme,
    can_score,
    can_see_programme,
)
from marketplace.extensions import db

MAX_ID = 2**31 - 1


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


def refuse(error: AwardError) -> NoReturn:
    """Turn a rule's refusal into its status with the translated reason (rolled back by the caller)."""
    db.session.rollback()
    abort(error.status, description=str(error))


def client_ip() -> str | None:
    return request.remote_addr
