"""The jury: appoint jurors, conflicts of interest, assignment of entries, score sheets, submission and reopening."""

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.awards import rules
from marketplace.awards.errors import AwardError
from marketplace.awards.models import (
    ACCEPTED,
    ASSIGNED,
    SHEET_DRAFT,
    SHEET_SUBMITTED,
    Conflict,
    Juror,
    Nomination,
    Programme,
    Score,
    ScoreSheet,
)
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.core.permissions import JUROR
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.producers.models import ProducerMember


def appoint_juror(programme: Programme, user, group_number: int, actor, commune_code: str | None = None) -> Juror:
    if user is None or user.role != JUROR:
        raise AwardError(_l("Only an account with the juror role can sit on a jury."), "email")
    if group_number not in programme.groups:
        raise AwardError(_l("This programme does not run that product group."), "group")
    if programme.phase not in (rules.DRAFT, rules.NOMINATION, rules.SCREENING, rules.JUDGING):
        raise AwardError(_l("Judging has closed: the jury can no longer change."), status=409)
    if commune_code and resolver.commune_by_code(commune_code) is None:
        raise AwardError(_l("Unknown commune code."), "commune_code")
    existing = db.session.scalar(
        select(Juror).where(
            Juror.programme_id == programme.id, Juror.user_id == user.id, Juror.group_number == group_number
        )
    )
    if existing is not None:
        raise AwardError(_l("This juror is already on the jury of that group."), "email", status=409)
    juror = Juror(programme=programme, user_id=user.id, group_number=group_number, commune_code=commune_code or None)
    db.session.add(juror)
    db.session.flush()
    record_event(
        "award_juror_appointed",
        actor=actor,
        subject=f"award_programme:{programme.id}",
        juror=user.id,
        group=group_number,
    )
    return juror


def conflict_reason(programme: Programme, user_id: int, nomination: Nomination) -> str | None:
    """Why this juror may not score this entry: the same producer, the same commune, or declared."""
    member = db.session.scalar(
        select(ProducerMember.id).where(
            ProducerMember.producer_id == nomination.producer_id, ProducerMember.user_id == user_id
        )
    )
    if member is not None:
        return str(_l("acts for the same producer"))
    communes = set(
        db.session.scalars(
            select(Juror.commune_code).where(
                Juror.programme_id == programme.id, Juror.user_id == user_id, Juror.commune_code.is_not(None)
            )
        )
    )
    if nomination.producer.commune_code and nomination.producer.commune_code in communes:
        return str(_l("from the same commune"))
    declared = db.session.scalar(
        select(Conflict.reason).where(Conflict.nomination_id == nomination.id, Conflict.user_id == user_id)
    )
    return declared


def declare_conflict(sheet: ScoreSheet, reason: str, user) -> None:
    """The juror declares a conflict of interest: the sheet is withdrawn and the entry barred to them."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardError(_l("Say briefly what the conflict of interest is."), "reason")
    if sheet.is_locked:
        raise AwardError(_l("This sheet is submitted; ask the organiser to reopen it first."), status=409)
    nomination = sheet.nomination
    db.session.add(Conflict(nomination_id=nomination.id, user_id=user.id, reason=reason[:300]))
    db.session.delete(sheet)
    db.session.flush()
    record_event(
        "award_conflict_declared", actor=user, subject=f"award_nomination:{nomination.id}", reason=reason[:300]
    )


def _entries(programme: Programme, group_number: int) -> list[Nomination]:
    return list(
        db.session.scalars(
            select(Nomination)
            .where(
                Nomination.programme_id == programme.id,
                Nomination.group_number == group_number,
                Nomination.status == ACCEPTED,
            )
            .order_by(Nomination.code)
        )
    )


def _group_jurors(programme: Programme, group_number: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Juror.user_id)
            .where(Juror.programme_id == programme.id, Juror.group_number == group_number)
            .order_by(Juror.id)
        )
    )


def assign_entries(programme: Programme, mode: str, actor, per_entry: int | None = None) -> list[ScoreSheet]:
    """Give jurors their entries: "all" (every free juror of the group gets every entry) or "balanced"
    (each entry gets at least `per_entry` jurors, the least-loaded first). Existing sheets are kept.
    Returns the sheets added (their jurors are told by mail after the commit)."""
    if programme.phase not in (rules.SCREENING, rules.JUDGING):
        raise AwardError(_l("Entries are assigned once screening has started and until judging closes."), status=409)
    per_entry = per_entry or programme.min_scores_per_entry
    added = []
    for group in programme.groups:
        jurors = _group_jurors(programme, group)
        load = {j: 0 for j in jurors}
        existing = db.session.execute(
            select(ScoreSheet.juror_id, ScoreSheet.nomination_id)
            .join(Nomination)
            .where(Nomination.programme_id == programme.id)
        ).all()
        for juror_id, _nid in existing:
            if juror_id in load:
                load[juror_id] += 1
        have = {(j, n) for j, n in existing}
        for entry in _entries(programme, group):
            free = [j for j in jurors if (j, entry.id) not in have and conflict_reason(programme, j, entry) is None]
            count = sum(1 for j, n in have if n == entry.id)
            chosen = free if mode == "all" else sorted(free, key=lambda j: (load[j], j))[: max(per_entry - count, 0)]
            for juror_id in chosen:
                sheet = ScoreSheet(nomination_id=entry.id, juror_id=juror_id, status=ASSIGNED)
                db.session.add(sheet)
                load[juror_id] += 1
                have.add((juror_id, entry.id))
                added.append(sheet)
    db.session.flush()
    record_event(
        "award_entries_assigned", actor=actor, subject=f"award_programme:{programme.id}", mode=mode, added=len(added)
    )
    return added


def _check_scoring_open(sheet: ScoreSheet) -> None:
    if sheet.nomination.programme.phase != rules.JUDGING:
        raise AwardError(_l("Scoring is open only while the programme is in its judging phase."), status=409)
    if sheet.is_locked:
        raise AwardError(_l("This sheet is submitted and locked; the organiser can reopen it."), status=409)


def _points(raw, criterion) -> Decimal | None:
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise AwardError(_l("“%(name)s”: enter a number.", name=criterion.name), f"c{criterion.id}") from None
    if not value.is_finite() or value < 0 or value > criterion.max_points:
        raise AwardError(
            _l("“%(name)s”: the score must be between 0 and %(max)s.", name=criterion.name, max=criterion.max_points),
            f"c{criterion.id}",
        )
    if (value * 2) % 1:
        raise AwardError(_l("“%(name)s”: scores go in whole or half points.", name=criterion.name), f"c{criterion.id}")
    return value


def score_entry(sheet: ScoreSheet, points: dict, comments: dict, overall: str | None, user) -> None:
    """Save the juror's scores as a draft: each criterion within its maximum (over it is refused)."""
    _check_scoring_open(sheet)
    if conflict_reason(sheet.nomination.programme, sheet.juror_id, sheet.nomination):
        raise AwardError(_l("You have a conflict of interest with this entry and may not score it."), status=403)
    criteria = sheet.nomination.programme.criteria
    checked = {c.id: _points(points.get(c.id), c) for c in criteria}  # every value first, then write
    existing = {s.criterion_id: s for s in sheet.scores}
    for criterion in criteria:
        value, note = checked[criterion.id], (comments.get(criterion.id) or "").strip()[:500] or None
        score = existing.get(criterion.id)
        if value is None:
            if score is not None:
                sheet.scores.remove(score)
            continue
        if score is None:
            sheet.scores.append(Score(criterion_id=criterion.id, points=value, comment=note))
        else:
            score.points, score.comment = value, note
    sheet.comments = (overall or "").strip() or None
    sheet.status, sheet.saved_at = SHEET_DRAFT, utcnow()
    sheet.total = sum((v for v in checked.values() if v is not None), Decimal(0))
    db.session.flush()


def submit_sheet(sheet: ScoreSheet, user) -> None:
    """Lock the sheet: every criterion scored. Afterwards only the organiser can reopen it."""
    _check_scoring_open(sheet)
    scored = {s.criterion_id for s in sheet.scores}
    if any(c.id not in scored for c in sheet.nomination.programme.criteria):
        raise AwardError(_l("Score every criterion before submitting."), "scores")
    sheet.status, sheet.submitted_at = SHEET_SUBMITTED, utcnow()
    db.session.flush()
    record_event(
        "award_score_submitted",
        actor=user,
        subject=f"award_sheet:{sheet.id}",
        nomination=sheet.nomination_id,
        total=str(sheet.total),
    )


def reopen_sheet(sheet: ScoreSheet, reason: str, actor) -> None:
    """A correction: the organiser unlocks a submitted sheet, with a reason that is logged."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardError(_l("Give the reason for reopening the sheet."), "reason")
    if sheet.status != SHEET_SUBMITTED:
        raise AwardError(_l("Only a submitted sheet can be reopened."), status=409)
    if sheet.nomination.programme.phase != rules.JUDGING:
        raise AwardError(_l("Sheets can be reopened only while judging is open."), status=409)
    sheet.status, sheet.submitted_at = SHEET_DRAFT, None
    db.session.flush()
    record_event(
        "award_sheet_reopened",
        actor=actor,
        subject=f"award_sheet:{sheet.id}",
        nomination=sheet.nomination_id,
        juror=sheet.juror_id,
        reason=reason[:300],
    )
