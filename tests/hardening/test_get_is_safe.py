"""No route changes anything on GET: every GET route, requested by every actor, sends no
INSERT, UPDATE or DELETE to the database (mail scanners and prefetchers follow links)."""

import re

from tests.hardening.access_rules import ACTORS, all_rules
from tests.hardening.sweep import send, urls_for

# Writes a GET may make, each with its reason. Nothing else: anything new must be argued here.
ALLOWED_GET_WRITES = {
    # Read receipts: opening a thread marks it read for the side that opened it (like any inbox).
    re.compile(r"^UPDATE inquiries SET (buyer|producer)_read_at=\S+(, updated_at=\S+)? WHERE inquiries.id = \S+$"):
        "read receipt of an inquiry thread",
}


def unexpected(statements: list[str]) -> list[str]:
    return [s for s in statements if not any(pattern.match(s) for pattern in ALLOWED_GET_WRITES)]


def test_no_get_request_writes_to_the_database(app, world, actors, writes):
    problems, checked = [], 0
    for rule in all_rules():
        for url, methods in urls_for(app, rule, world):
            if "GET" not in methods:
                continue
            for name in ACTORS:
                outcome = send(actors[name], "GET", url, writes)
                checked += 1
                if unexpected(outcome.writes):
                    problems.append(f"GET {url} as {name} wrote: {unexpected(outcome.writes)}")

    assert checked > 100
    assert not problems, "\n".join(problems)


def test_the_recorder_sees_a_write(app, world, actors, writes):
    """The check above is not vacuous: a POST that changes something is recorded."""
    outcome = send(actors["admin"], "POST", f"/producers/staff/{world.producer.id}/featured", writes)

    assert any(statement.startswith("UPDATE producers") for statement in outcome.writes), outcome.writes
