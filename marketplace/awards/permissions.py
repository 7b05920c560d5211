"""Who may do what in a programme: organisers run it, producers file dossiers, jurors score, verified people vote."""

from sqlalchemy import select

from marketplace.awards import rules
from marketplace.awards.models import Juror, Nomination, Programme, ScoreSheet
from marketplace.core.permissions import JUROR, has_role, is_staff
from marketplace.extensions import db
from marketplace.producers.permissions import can_edit_producer


def can_manage_programme(user) -> bool:
    return is_staff(user)


def can_see_programme(user, programme: Programme) -> bool:
    return programme.phase != rules.DRAFT or is_staff(user)


def can_edit_dossier(user, nomination: Nomination) -> bool:
    """The producer's own accounts, and the centre's staff who file on a producer's behalf."""
    return can_edit_producer(user, nomination.producer)


def is_juror_of(user, nomination: Nomination) -> bool:
    if not has_role(user, JUROR):
        return False
    return (
        db.session.scalar(
            select(Juror.id).where(
                Juror.programme_id == nomination.programme_id,
                Juror.user_id == user.id,
                Juror.group_number == nomination.group_number,
            )
        )
        is not None
    )


def can_read_dossier(user, nomination: Nomination) -> bool:
    """The dossier's files go to its producer, the staff, and the jurors holding a sheet for it."""
    if can_edit_dossier(user, nomination):
        return True
    if not has_role(user, JUROR):
        return False
    return (
        db.session.scalar(
            select(ScoreSheet.id).where(ScoreSheet.nomination_id == nomination.id, ScoreSheet.juror_id == user.id)
        )
        is not None
    )


def can_score(user, sheet: ScoreSheet) -> bool:
    return has_role(user, JUROR) and sheet.juror_id == user.id


def can_see_results(user, programme: Programme) -> bool:
    """Organisers at any time; everyone else once the results are published."""
    return is_staff(user) or programme.phase == rules.PUBLISHED


def is_juror_of_programme(user, programme: Programme) -> bool:
    """Appointed to the programme's jury, for any of its groups (whatever the account's role is today)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        db.session.scalar(select(Juror.id).where(Juror.programme_id == programme.id, Juror.user_id == user.id).limit(1))
        is not None
    )


def can_vote(user, programme: Programme | None = None) -> bool:
    """Verified accounts vote; the programme's own jurors do not, as their scores already decide it."""
    if not (getattr(user, "is_authenticated", False) and user.is_verified):
        return False
    return programme is None or not is_juror_of_programme(user, programme)
