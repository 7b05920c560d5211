"""The vote's anomaly report: bursts of votes from new accounts, many votes from one address."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from marketplace.awards.models import Nomination, Programme, Vote
from marketplace.extensions import db

BURST_WINDOW = timedelta(hours=1)


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
    bursts: list[tuple[object, Nomination, int]] = field(default_factory=list)  # (first vote, entry, votes)
    total: int = 0
    voided: int = 0


def from_new_account(vote: Vote, programme: Programme) -> bool:
    """Whether the account was younger than the programme's threshold when it voted."""
    return vote.cast_at - vote.user.created_at < timedelta(hours=programme.new_account_hours)


def report(programme: Programme) -> Report:
    """Everything the organiser checks before publishing, on the programme's own thresholds
    (account age, votes per hour, votes per address); voided votes are listed but never counted."""
    votes = list(
        db.session.scalars(
            select(Vote).where(Vote.programme_id == programme.id).options(joinedload(Vote.user)).order_by(Vote.cast_at)
        )
    )
    entries = {
        n.id: EntryVotes(n)
        for n in db.session.scalars(
            select(Nomination)
            .where(Nomination.programme_id == programme.id, Nomination.status == "accepted")
            .order_by(Nomination.group_number, Nomination.code)
        )
    }
    by_address, new_votes = defaultdict(list), defaultdict(list)
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
        if from_new_account(vote, programme):
            entry.from_new_accounts += 1
            new_votes[vote.nomination_id].append(vote.cast_at)
    result.entries = list(entries.values())
    result.addresses = sorted(
        ((ip, len(v), v) for ip, v in by_address.items() if len(v) >= programme.address_votes), key=lambda row: -row[1]
    )
    result.bursts = sorted(
        (
            (start, entries[nid].nomination, count)
            for nid, times in new_votes.items()
            for start, count in bursts(times, programme.burst_votes)
        ),
        key=lambda row: (row[0], row[1].code),
    )
    return result


def bursts(times: list, threshold: int, window: timedelta = BURST_WINDOW) -> list[tuple[object, int]]:
    """(first vote, votes) of each run of at least `threshold` votes within `window` of its first one.
    A sliding window, not clock hours: five votes from 10:58 to 11:03 are one burst. Runs do not overlap."""
    found, first = [], 0
    while first < len(times):
        last = first
        while last + 1 < len(times) and times[last + 1] - times[first] < window:
            last += 1
        count = last - first + 1
        if count >= threshold:
            found.append((times[first], count))
            first = last + 1
        else:
            first += 1
    return found
