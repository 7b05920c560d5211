"""The vote's anomaly report: bursts of votes from new accounts, many votes from one address."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.awards.models import Nomination, Programme, Vote
from marketplace.extensions import db

NEW_ACCOUNT_AGE = timedelta(hours=48)  # an account this young when it voted counts as new
BURST_THRESHOLD = 5  # new-account votes in one hour, for one entry, that make a burst
ADDRESS_THRESHOLD = 3  # votes from one address worth a look


@dataclass
class EntryVotes:
    nomination: Nomination
    counted: int = 0
    voided: int = 0
    from_new_accounts: int = 0


@dataclass
class Report:
    entries: list[EntryVotes] = field(default_factory=list)
    addresses: list[tuple[str, int, list[Vote]]] = field(default_factory=list)
    bursts: list[tuple[object, Nomination, int]] = field(default_factory=list)  # (hour, entry, votes)
    total: int = 0
    voided: int = 0


def report(programme: Programme) -> Report:
    """Everything the organiser checks before publishing; voided votes are listed but never counted."""
    votes = list(db.session.scalars(
        select(Vote).where(Vote.programme_id == programme.id).options(joinedload(Vote.user))
        .order_by(Vote.cast_at)))
    entries = {n.id: EntryVotes(n) for n in db.session.scalars(
        select(Nomination).where(Nomination.programme_id == programme.id, Nomination.status == "accepted")
        .order_by(Nomination.group_number, Nomination.code))}
    by_address, hours = defaultdict(list), Counter()
    result = Report()
    for vote in votes:
        entry = entries.get(vote.nomination_id)
        if entry is None:
            continue
        if vote.voided_at is not None:
            entry.voided += 1
            result.voided += 1
            continue
        entry.counted += 1
        result.total += 1
        if vote.ip:
            by_address[vote.ip].append(vote)
        if vote.cast_at - vote.user.created_at < NEW_ACCOUNT_AGE:
            entry.from_new_accounts += 1
            hours[(vote.cast_at.replace(minute=0, second=0, microsecond=0), vote.nomination_id)] += 1
    result.entries = list(entries.values())
    result.addresses = sorted(((ip, len(v), v) for ip, v in by_address.items() if len(v) >= ADDRESS_THRESHOLD),
                              key=lambda row: -row[1])
    result.bursts = [(hour, entries[nid].nomination, count) for (hour, nid), count in sorted(hours.items())
                     if count >= BURST_THRESHOLD]
    return result
