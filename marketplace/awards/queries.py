"""Reads: the results table (jury average, spread, votes, rank, award), jury progress, votes, producers to pick."""

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import false, func, or_, select
from sqlalchemy.orm import joinedload

from marketplace.awards import rules
from marketplace.awards.models import (
    ACCEPTED,
    SHEET_SUBMITTED,
    Nomination,
    Programme,
    ScoreSheet,
    Vote,
)
from marketplace.awards.permissions import can_manage_programme
from marketplace.core.pagination import paginate
from marketplace.core.text import slugify
from marketplace.extensions import db
from marketplace.producers.models import Producer

VOTES_PER_PAGE = 50
PRODUCERS_PER_PAGE = 20


@dataclass
class EntryResult:
    nomination: Nomination
    jury: rules.JuryResult
    votes: int
    final: Decimal | None
    passes: bool
    disagreement: bool
    rank: int | None = None
    tied: bool = False
    awarded: bool = False


def submitted_totals(programme: Programme) -> dict[int, list[Decimal]]:
    rows = db.session.execute(
        select(ScoreSheet.nomination_id, ScoreSheet.total)
        .join(Nomination)
        .where(Nomination.programme_id == programme.id, ScoreSheet.status == SHEET_SUBMITTED)
    ).all()
    totals = defaultdict(list)
    for nomination_id, total in rows:
        totals[nomination_id].append(total)
    return totals


def vote_counts(programme: Programme) -> dict[int, int]:
    """Counted votes per entry (voided ones excluded)."""
    rows = db.session.execute(
        select(Vote.nomination_id, func.count(Vote.id))
        .where(Vote.programme_id == programme.id, Vote.voided_at.is_(None))
        .group_by(Vote.nomination_id)
    ).all()
    return dict(rows)


def accepted_entries(programme: Programme, group_number: int | None = None) -> list[Nomination]:
    stmt = select(Nomination).where(Nomination.programme_id == programme.id, Nomination.status == ACCEPTED)
    if group_number is not None:
        stmt = stmt.where(Nomination.group_number == group_number)
    return list(db.session.scalars(stmt.order_by(Nomination.group_number, Nomination.code)))


# Entries become public with the vote (or with the results when there is no vote); before that, which
# dossiers passed screening is the organisers' business only.
ENTRIES_PUBLIC_PHASES = (rules.VOTING, rules.PUBLISHED)


@dataclass(frozen=True)
class NominationListing:
    """What one viewer may see of a programme's nominations."""

    entries: list[Nomination]
    screening: bool  # True: every dossier, and its screening decision (status) may be shown


def nominations_for(viewer, programme: Programme, group_number: int | None = None) -> NominationListing:
    """The one rule for the web page and the API: organisers see every dossier with its status; everyone
    else sees only the accepted entries, and only once the programme has made its entries public."""
    if can_manage_programme(viewer):
        stmt = select(Nomination).where(Nomination.programme_id == programme.id)
        if group_number is not None:
            stmt = stmt.where(Nomination.group_number == group_number)
        return NominationListing(
            list(db.session.scalars(stmt.order_by(Nomination.group_number, Nomination.code))), screening=True
        )
    if programme.phase not in ENTRIES_PUBLIC_PHASES:
        return NominationListing([], screening=False)
    return NominationListing(accepted_entries(programme, group_number), screening=False)


def compute_results(programme: Programme) -> dict[int, list[EntryResult]]:
    """Live results per group, best first: the jury average decides; the vote adds only its weight."""
    totals, votes = submitted_totals(programme), vote_counts(programme)
    by_group: dict[int, list[EntryResult]] = defaultdict(list)
    entries = accepted_entries(programme)
    most = defaultdict(int)
    for entry in entries:
        most[entry.group_number] = max(most[entry.group_number], votes.get(entry.id, 0))
    for entry in entries:
        jury = rules.jury_result(totals.get(entry.id, []))
        count = votes.get(entry.id, 0)
        final = rules.combined_score(jury.score, count, most[entry.group_number], programme.vote_weight)
        by_group[entry.group_number].append(
            EntryResult(
                entry,
                jury,
                count,
                final,
                rules.passes(jury.score, programme.pass_mark),
                disagreement=jury.spread is not None and jury.spread > programme.disagreement_points,
            )
        )
    for results in by_group.values():
        _rank(results, programme.quota_per_group)
    return dict(sorted(by_group.items()))


def _rank(results: list[EntryResult], quota: int | None) -> None:
    """Competition ranking (1, 2, 2, 4); ties are flagged for the organiser to decide."""
    results.sort(key=lambda r: (r.final is None, -(r.final or 0), r.nomination.code))
    finals = [r.final for r in results]
    passing = 0
    for result in results:
        if result.final is None:
            continue
        result.rank = finals.index(result.final) + 1
        result.tied = finals.count(result.final) > 1
        if result.passes:
            passing += 1
        by_rule = result.passes and (quota is None or passing <= quota)
        override = result.nomination.award_override
        result.awarded = by_rule if override is None else override


def published_results(programme: Programme) -> dict[int, list[Nomination]]:
    """What publication froze, per group, best first."""
    by_group = defaultdict(list)
    for entry in accepted_entries(programme):
        by_group[entry.group_number].append(entry)
    for entries in by_group.values():
        entries.sort(key=lambda n: (n.rank is None, n.rank or 0, n.code))
    return dict(sorted(by_group.items()))


def published_finals(programme: Programme, groups: dict[int, list[Nomination]]) -> dict[int, Decimal]:
    """The final scores publication ranked by, when the organiser gave the vote a weight (else none):
    the frozen jury score and votes combined as compute_results did."""
    if not programme.vote_weight:
        return {}
    finals = {}
    for entries in groups.values():
        most = max((entry.public_votes or 0 for entry in entries), default=0)
        for entry in entries:
            finals[entry.id] = rules.combined_score(
                entry.jury_score, entry.public_votes or 0, most, programme.vote_weight
            )
    return finals


@dataclass
class JurorProgress:
    user: object
    groups: list
    assigned: int
    drafts: int
    submitted: int


def jury_progress(programme: Programme) -> list[JurorProgress]:
    rows = db.session.execute(
        select(ScoreSheet.juror_id, ScoreSheet.status, func.count(ScoreSheet.id))
        .join(Nomination)
        .where(Nomination.programme_id == programme.id)
        .group_by(ScoreSheet.juror_id, ScoreSheet.status)
    ).all()
    counts = defaultdict(lambda: defaultdict(int))
    for juror_id, status, count in rows:
        counts[juror_id][status] += count
    people: dict[int, JurorProgress] = {}
    for juror in sorted(programme.jurors, key=lambda j: (j.user.display_name, j.group_number)):
        entry = people.setdefault(juror.user_id, JurorProgress(juror.user, [], 0, 0, 0))
        entry.groups.append(juror.group_number)
    for juror_id, entry in people.items():
        mine = counts[juror_id]
        entry.assigned = sum(mine.values())
        entry.drafts = mine.get("draft", 0)
        entry.submitted = mine.get(SHEET_SUBMITTED, 0)
    return list(people.values())


def sheets_of_juror(user) -> list[ScoreSheet]:
    return list(
        db.session.scalars(
            select(ScoreSheet)
            .join(Nomination)
            .join(Programme)
            .where(ScoreSheet.juror_id == user.id)
            .order_by(Programme.id.desc(), Nomination.code)
        )
    )


def visible_programmes(staff: bool) -> list[Programme]:
    stmt = select(Programme).order_by(Programme.year.desc(), Programme.id.desc())
    if not staff:
        stmt = stmt.where(Programme.phase != rules.DRAFT)
    return list(db.session.scalars(stmt))


def current_public_programme() -> Programme | None:
    """The programme the home page shows: voting first, then the latest published, then any running one."""
    for phases in (
        (rules.VOTING,),
        (rules.PUBLISHED,),
        (rules.NOMINATION, rules.SCREENING, rules.JUDGING, rules.COUNCIL),
    ):
        programme = db.session.scalars(
            select(Programme).where(Programme.phase.in_(phases)).order_by(Programme.year.desc(), Programme.id.desc())
        ).first()
        if programme is not None:
            return programme
    return None


def nominations_of_producers(producer_ids: list[int]) -> list[Nomination]:
    if not producer_ids:
        return []
    return list(
        db.session.scalars(
            select(Nomination).where(Nomination.producer_id.in_(producer_ids)).order_by(Nomination.id.desc())
        )
    )


def votes_page(programme: Programme, page: int, nomination_id: int | None = None, ip: str | None = None):
    """One page of the programme's votes, newest first, optionally for one entry or from one address."""
    stmt = (
        select(Vote)
        .where(Vote.programme_id == programme.id)
        .options(joinedload(Vote.user), joinedload(Vote.nomination))
        .order_by(Vote.cast_at.desc(), Vote.id.desc())
    )
    if nomination_id is not None:
        stmt = stmt.where(Vote.nomination_id == nomination_id)
    if ip:
        stmt = stmt.where(Vote.ip == ip)
    return paginate(stmt, page, VOTES_PER_PAGE)


def find_producers(term: str, province_code: str | None, page: int):
    """Staff looking for the producer they file for: by name (accents and case ignored), tax code or
    province, one page at a time, by name. Nothing is listed before the search says something."""
    term = (term or "").strip()[:100]
    if not term and not province_code:
        return None
    stmt = select(Producer).order_by(Producer.name, Producer.id)
    if province_code:
        stmt = stmt.where(Producer.province_code == province_code)
    if term:
        matches = []
        folded = slugify(term)  # the slug is the folded name: "lang nghe" finds "Làng nghề"
        if folded:
            matches.append(Producer.slug.contains(folded, autoescape=True))
        digits = re.sub(r"[^0-9-]", "", term)
        if any(c.isdigit() for c in digits):
            matches.append(Producer.tax_code.contains(digits, autoescape=True))
        stmt = stmt.where(or_(*matches) if matches else false())
    return paginate(stmt, page, PRODUCERS_PER_PAGE)
