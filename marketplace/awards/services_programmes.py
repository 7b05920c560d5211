"""Programme rules: create a programme, edit its settings and criteria sheet, move it through its phases."""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.awards import rules
from marketplace.awards.errors import AwardError
from marketplace.awards.models import (
    ACCEPTED,
    SHEET_SUBMITTED,
    SUBMITTED,
    Criterion,
    Juror,
    Nomination,
    Programme,
    ScoreSheet,
)
from marketplace.catalogue.groups import GROUPS_BY_NUMBER
from marketplace.core.audit import record_event
from marketplace.core.i18n import VIETNAM, format_date, format_datetime
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.geography import resolver

SETTING_FIELDS = (
    "name",
    "year",
    "description",
    "nomination_closes_on",
    "judging_closes_on",
    "results_on",
    "pass_mark",
    "min_scores_per_entry",
    "disagreement_points",
    "requires_lower_level",
    "quota_per_group",
    "voting_enabled",
    "vote_weight",
    "voting_opens_at",
    "voting_closes_at",
    "decision_number",
    "decision_date",
    "issuer",
    "new_account_hours",
    "burst_votes",
    "address_votes",
)
# The anomaly report's thresholds and their bounds (the database checks the same).
THRESHOLDS = {
    "new_account_hours": (
        1,
        rules.MAX_NEW_ACCOUNT_HOURS,
        _l("An account counts as new for 1 to %(max)s hours.", max=rules.MAX_NEW_ACCOUNT_HOURS),
    ),
    "burst_votes": (
        2,
        rules.MAX_ANOMALY_VOTES,
        _l("A burst is 2 to %(max)s votes within an hour.", max=rules.MAX_ANOMALY_VOTES),
    ),
    "address_votes": (
        2,
        rules.MAX_ANOMALY_VOTES,
        _l("Flag an address from 2 to %(max)s votes.", max=rules.MAX_ANOMALY_VOTES),
    ),
}
# Settings that decide the result: fixed once the council has approved the list.
RESULT_FIELDS = ("pass_mark", "quota_per_group", "vote_weight", "voting_enabled")


def subject(programme: Programme) -> str:
    return f"award_programme:{programme.id}"


def _area(level: str, area: str | None) -> dict:
    """The area column for the level: a province code, a commune code, a region key, or nothing."""
    area = (area or "").strip()
    if level == rules.NATIONAL:
        return {"province_code": None, "commune_code": None, "region": None}
    if level == rules.REGION:
        if area not in rules.REGIONS:
            raise AwardError(_l("Choose the region the programme covers."), "area")
        return {"province_code": None, "commune_code": None, "region": area}
    if level == rules.COMMUNE:
        commune = resolver.commune_by_code(area)
        if commune is None:
            raise AwardError(_l("Give the code of the commune the programme covers."), "area")
        return {"province_code": commune.province_code, "commune_code": commune.code, "region": None}
    province = resolver.resolve_province(area)
    if province is None:
        raise AwardError(_l("Choose the province the programme covers."), "area")
    return {"province_code": province.code, "commune_code": None, "region": None}


def _groups(numbers) -> str:
    chosen = sorted({int(n) for n in numbers or () if int(n) in GROUPS_BY_NUMBER})
    if not chosen:
        raise AwardError(_l("Choose at least one product group."), "groups")
    return ",".join(str(n) for n in chosen)


def create_programme(data: dict, actor) -> Programme:
    """A programme in preparation, with the official criteria sheet (40/40/10/10) and pass mark 70."""
    level = data.get("level")
    if level not in rules.LEVELS:
        raise AwardError(_l("Choose a level."), "level")
    name = (data.get("name") or "").strip()
    if not name:
        raise AwardError(_l("The programme needs a name."), "name")
    programme = Programme(
        name=name,
        year=int(data.get("year") or date.today().year),
        level=level,
        group_numbers=_groups(data.get("groups") or (1, 2, 3, 4)),
        phase=rules.DRAFT,
        requires_lower_level=level in (rules.REGION, rules.NATIONAL),
        created_by_id=getattr(actor, "id", None),
        **_area(level, data.get("area")),
    )
    for position, template in enumerate(rules.OFFICIAL_CRITERIA):
        programme.criteria.append(
            Criterion(
                position=position,
                code=template.code,
                name=template.name_vi,
                name_en=template.name_en,
                max_points=template.max_points,
            )
        )
    db.session.add(programme)
    db.session.flush()
    record_event("award_programme_created", actor=actor, subject=subject(programme), level=level)
    return programme


def _check_thresholds(values: dict) -> None:
    for name, (low, high, message) in THRESHOLDS.items():
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise AwardError(message, name)


def update_settings(programme: Programme, data: dict, actor) -> None:
    """Change any of SETTING_FIELDS; every value is checked before anything is written."""
    values = {k: v for k, v in data.items() if k in SETTING_FIELDS}
    _check_thresholds(values)
    if programme.council_approved_at is not None:
        changed = [k for k in RESULT_FIELDS if k in values and values[k] != getattr(programme, k)]
        if changed:
            raise AwardError(
                _l("The council has approved the list: the rules of the result can no longer change."),
                changed[0],
                status=409,
            )
    if "name" in values and not (values["name"] or "").strip():
        raise AwardError(_l("The programme needs a name."), "name")
    pass_mark = values.get("pass_mark", programme.pass_mark)
    if pass_mark is None or not 0 <= int(pass_mark) <= programme.max_total:
        raise AwardError(
            _l("The pass mark must lie between 0 and the sheet's total (%(total)s).", total=programme.max_total),
            "pass_mark",
        )
    opens = values.get("voting_opens_at", programme.voting_opens_at)
    closes = values.get("voting_closes_at", programme.voting_closes_at)
    if opens and closes and closes <= opens:
        raise AwardError(_l("The vote must close after it opens."), "voting_closes_at")
    if "groups" in data and programme.phase == rules.DRAFT:
        programme.group_numbers = _groups(data["groups"])
    for key, value in values.items():
        setattr(programme, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    record_event("award_programme_updated", actor=actor, subject=subject(programme), fields=sorted(values))


def set_criteria(programme: Programme, rows: list[dict], actor) -> None:
    """Replace the sheet's maxima and names; only before judging starts, never after."""
    if programme.phase not in rules.CRITERIA_EDITABLE_PHASES:
        raise AwardError(_l("The criteria can no longer change: judging has started."), status=409)
    by_id = {c.id: c for c in programme.criteria}
    for row in rows:
        criterion = by_id.get(row.get("id"))
        if criterion is None:
            raise AwardError(_l("Unknown criterion."), "criteria")
        points = row.get("max_points")
        if points is None or not 1 <= int(points) <= 100:
            raise AwardError(_l("Each criterion's maximum must be between 1 and 100."), "criteria")
        if not (row.get("name") or "").strip():
            raise AwardError(_l("Each criterion needs a name."), "criteria")
        if row["name"].strip() != criterion.name:
            criterion.name_en = None  # the official English no longer matches: English pages show the new name
        criterion.max_points, criterion.name = int(points), row["name"].strip()
    if programme.pass_mark > programme.max_total:
        raise AwardError(
            _l(
                "The pass mark (%(mark)s) is above the sheet's total (%(total)s).",
                mark=programme.pass_mark,
                total=programme.max_total,
            ),
            "criteria",
        )
    db.session.flush()
    record_event(
        "award_criteria_changed",
        actor=actor,
        subject=subject(programme),
        maxima=[c.max_points for c in programme.criteria],
    )


def _count(programme: Programme, *conditions) -> int:
    return (
        db.session.scalar(select(func.count(Nomination.id)).where(Nomination.programme_id == programme.id, *conditions))
        or 0
    )


def _unscored_entries(programme: Programme) -> int:
    """Accepted entries without a single submitted sheet: the jury has not finished."""
    scored = select(ScoreSheet.nomination_id).where(ScoreSheet.status == SHEET_SUBMITTED)
    return _count(programme, Nomination.status == ACCEPTED, Nomination.id.not_in(scored))


def _check_can_leave(programme: Programme, now: datetime) -> None:
    phase = programme.phase
    if phase == rules.SCREENING and _count(programme, Nomination.status == SUBMITTED):
        raise AwardError(_l("Some dossiers are still waiting for screening."), status=409)
    if phase == rules.JUDGING:
        if not _count(programme, Nomination.status == ACCEPTED):
            raise AwardError(_l("No entry was accepted: there is nothing to judge."), status=409)
        if _unscored_entries(programme):
            raise AwardError(_l("Some accepted entries have no submitted score sheet yet."), status=409)
    if phase == rules.COUNCIL and programme.council_approved_at is None:
        raise AwardError(_l("Record the council's approval of the list first."), status=409)
    if phase == rules.COUNCIL and programme.voting_enabled:
        if not (programme.voting_opens_at and programme.voting_closes_at):
            raise AwardError(_l("Set the dates of the public vote first."), "voting_opens_at", status=409)
    if phase in (rules.COUNCIL, rules.VOTING) and next_of(programme) == rules.PUBLISHED:
        if not (programme.decision_number and programme.decision_date):
            raise AwardError(
                _l("Enter the number and date of the decision before publishing."), "decision_number", status=409
            )


def next_of(programme: Programme) -> str | None:
    return rules.next_phase(programme.phase, programme.voting_enabled)


def what_blocks_next_phase(programme: Programme, now: datetime | None = None) -> str | None:
    """Why the programme cannot move on yet, in the words advance_phase would refuse with; None when it can."""
    now = now or utcnow()
    if next_of(programme) not in (None, rules.PUBLISHED):
        blocker = advance_step(programme, now).blocker
        return str(blocker.message) if blocker else None
    try:
        _check_can_leave(programme, now)
    except AwardError as error:
        return str(error.message)
    return None


@dataclass
class Step:
    """What an irreversible step will do, shown on its confirmation page before anyone commits to it.
    `blocker`: the refusal that stops it (None: it may go ahead); `confirmations`: (name, label) choices the
    organiser must tick because the step cuts a planned period short."""

    target: str | None
    consequences: list = field(default_factory=list)
    checked: list = field(default_factory=list)
    confirmations: list = field(default_factory=list)
    blocker: AwardError | None = None


def _groups_without_jurors(programme: Programme) -> list[int]:
    """Groups with accepted entries but no appointed juror: judging there could never finish."""
    entries = set(
        db.session.scalars(
            select(Nomination.group_number).where(
                Nomination.programme_id == programme.id, Nomination.status == ACCEPTED
            )
        )
    )
    judged = set(db.session.scalars(select(Juror.group_number).where(Juror.programme_id == programme.id)))
    return sorted(entries - judged)


def _entering(programme: Programme, target: str, now: datetime, step: Step) -> None:
    """The consequences of entering `target`, and the rules that hold it back."""
    today = now.astimezone(VIETNAM).date()
    if target == rules.NOMINATION:
        step.consequences.append(_l("The programme becomes public and producers can nominate their products."))
    elif target == rules.SCREENING:
        step.consequences.append(_l("Nominations close: producers can no longer nominate or submit dossiers."))
        closes = programme.nomination_closes_on
        if closes and closes > today:
            step.confirmations.append(
                (
                    "close_nominations_early",
                    _l(
                        "Nominations were announced as open until %(date)s: close them early, now.",
                        date=format_date(closes),
                    ),
                )
            )
        else:
            step.checked.append(_l("The nomination period is over (or has no closing date)."))
    elif target == rules.JUDGING:
        step.consequences.append(_l("The criteria sheet is fixed: it can no longer change."))
        missing = _groups_without_jurors(programme)
        if missing:
            step.blocker = AwardError(
                _l(
                    "No juror is appointed for group(s) %(groups)s: appoint the jury before judging starts.",
                    groups=", ".join(str(n) for n in missing),
                ),
                status=409,
                code="no_juror",
            )
        else:
            step.checked.append(_l("Every group with accepted entries has at least one juror."))
    elif target == rules.COUNCIL:
        step.consequences.append(_l("Judging closes: the jurors can no longer change their sheets."))
    elif target == rules.VOTING:
        step.consequences.append(
            _l(
                "The public vote opens from %(opens)s to %(closes)s.",
                opens=format_datetime(programme.voting_opens_at),
                closes=format_datetime(programme.voting_closes_at),
            )
        )


def advance_step(programme: Programme, now: datetime | None = None) -> Step:
    """What moving on one phase would do, and whether it may (publication: see results.publish_step)."""
    now = now or utcnow()
    target = next_of(programme)
    step = Step(target)
    if target is None:
        step.blocker = AwardError(_l("The results are already published."), status=409)
        return step
    if target == rules.PUBLISHED:
        step.blocker = AwardError(_l("Publish the results from the results page."), status=409, code="publish")
        return step
    try:
        _check_can_leave(programme, now)
        if target == rules.NOMINATION and not programme.groups:
            raise AwardError(_l("Choose at least one product group."), "groups")
    except AwardError as error:
        step.blocker = error
        return step
    _entering(programme, target, now, step)
    return step


def check_confirmed(step: Step, confirmed) -> None:
    """Refuse a step that is blocked, or that cuts a period short without the organiser saying so."""
    if step.blocker is not None:
        raise step.blocker
    for name, label in step.confirmations:
        if name not in confirmed:
            raise AwardError(_l("Confirm first: %(what)s", what=label), name, status=409, code="confirm")


def advance_phase(programme: Programme, actor, now: datetime | None = None, confirmed=()) -> str:
    """Move the programme one phase on, after checking the phase it leaves is finished, that judging has
    jurors, and that a period announced to the public is cut short only when the organiser confirmed it
    (`confirmed`: the names of Step.confirmations ticked). Publication goes through results.publish_results."""
    now = now or utcnow()
    step = advance_step(programme, now)
    check_confirmed(step, confirmed)
    old, programme.phase = programme.phase, step.target
    db.session.flush()
    record_event("award_phase_changed", actor=actor, subject=subject(programme), old=old, new=step.target)
    return step.target


def check_publishable(programme: Programme, now: datetime | None = None) -> None:
    if programme.phase not in (rules.COUNCIL, rules.VOTING) or next_of(programme) != rules.PUBLISHED:
        raise AwardError(_l("Results can be published only after the council's approval (and the vote)."), status=409)
    _check_can_leave(programme, now or utcnow())


def record_council_approval(programme: Programme, reference: str, actor, now: datetime | None = None) -> None:
    """The selection council (hội đồng bình chọn) approves the jury's list; who recorded it and when are kept."""
    if programme.phase != rules.COUNCIL:
        raise AwardError(_l("The council approves the list once judging has closed."), status=409)
    if programme.council_approved_at is not None:
        raise AwardError(_l("The council has already approved the list."), status=409)
    reference = (reference or "").strip()
    if not reference:
        raise AwardError(_l("Give the council's minutes or decision reference."), "reference")
    programme.council_approved_at = now or utcnow()
    programme.council_approved_by_id = actor.id
    programme.council_reference = reference[:200]
    db.session.flush()
    record_event("award_council_approved", actor=actor, subject=subject(programme), reference=reference[:200])
