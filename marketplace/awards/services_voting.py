"""The public vote: one vote per verified account per product group, and voiding votes with a reason."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.awards import rules
from marketplace.awards.errors import AwardError
from marketplace.awards.models import ACCEPTED, Nomination, Programme, Vote
from marketplace.awards.permissions import is_juror_of_programme
from marketplace.core.audit import record_event
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.ops.metrics import count_on_commit, event_counter

VOTES = event_counter(
    "cnnt_votes_total", "Public votes cast for standout products, by product group (1-4).", ("group",)
)


def already_voted(programme: Programme, group_number: int, user) -> Vote | None:
    return db.session.scalar(
        select(Vote).where(
            Vote.programme_id == programme.id, Vote.group_number == group_number, Vote.user_id == user.id
        )
    )


def cast_vote(
    programme: Programme, nomination: Nomination, user, ip: str | None = None, now: datetime | None = None
) -> Vote:
    """Record the account's vote for an entry. The unique constraint (programme, group, account) is the
    guard: two requests racing each other cannot both pass it, whatever the checks before saw."""
    if not user.is_verified:
        raise AwardError(_l("Confirm your email address before voting."), status=403, code="unverified")
    if is_juror_of_programme(user, programme):
        raise AwardError(_l("Jurors of this programme cannot take part in its public vote."), status=403, code="juror")
    if nomination.programme_id != programme.id or nomination.status != ACCEPTED:
        raise AwardError(_l("This entry is not in the public vote."), "nomination_id", status=404)
    if not programme.voting_open(now):
        raise AwardError(_l("The public vote is not open."), status=422, code="voting_closed")
    if already_voted(programme, nomination.group_number, user) is not None:
        raise AwardError(_l("You have already voted in this product group."), status=409, code="already_voted")
    vote = Vote(
        programme_id=programme.id,
        group_number=nomination.group_number,
        nomination_id=nomination.id,
        user_id=user.id,
        ip=(ip or "")[:64] or None,
        cast_at=now or utcnow(),
    )
    try:
        with db.session.begin_nested():  # a savepoint: losing the race rolls back the vote only
            db.session.add(vote)
    except IntegrityError:
        raise AwardError(
            _l("You have already voted in this product group."), status=409, code="already_voted"
        ) from None
    count_on_commit(VOTES, group=str(vote.group_number))
    return vote


def void_vote(programme: Programme, vote: Vote, reason: str, actor) -> None:
    """The organiser voids one vote (before publishing) with a reason, which is logged."""
    if vote.programme_id != programme.id:
        raise AwardError(_l("This vote is not in this programme."), status=404)
    if vote.voided_at is not None:
        raise AwardError(_l("This vote is already voided."), status=409)
    void_votes(programme, [vote], reason, actor)


def void_votes(programme: Programme, votes: list[Vote], reason: str, actor) -> int:
    """The organiser voids votes (before publishing) with a reason; each one is logged.
    Returns how many were voided (votes of another programme, or already voided, are skipped)."""
    reason = (reason or "").strip()
    if not reason:
        raise AwardError(_l("Give the reason for voiding these votes."), "reason")
    if programme.phase != rules.VOTING:
        raise AwardError(_l("Votes can be voided only before the results are published."), status=409)
    count = 0
    for vote in votes:
        if vote.programme_id != programme.id or vote.voided_at is not None:
            continue
        vote.voided_at, vote.voided_by_id, vote.void_reason = utcnow(), actor.id, reason[:300]
        record_event(
            "award_vote_voided",
            actor=actor,
            subject=f"award_vote:{vote.id}",
            nomination=vote.nomination_id,
            voter=vote.user_id,
            reason=reason[:300],
        )
        count += 1
    db.session.flush()
    return count
