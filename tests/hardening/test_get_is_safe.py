"""No route changes anything on GET: every GET route, requested by every actor, sends no
INSERT, UPDATE or DELETE to the database (mail scanners and prefetchers follow links)."""

import re

from tests.hardening.access_rules import ACTORS, all_rules
from tests.hardening.sweep import send, urls_for

# Writes a GET may make, each with its reason: UPDATEs of one table touching only these columns.
# Nothing else: anything new must be argued here.
ALLOWED_GET_WRITES = {
    # Read receipts: opening a thread marks it read for the side that opened it (like any inbox).
    "inquiries": ({"buyer_read_at", "producer_read_at", "updated_at"}, "read receipt of an inquiry thread"),
}
UPDATE = re.compile(r"^UPDATE (\w+) SET (.*?) WHERE ", re.DOTALL)


def allowed(statement: str) -> bool:
    match = UPDATE.match(statement)
    if not match or match.group(1) not in ALLOWED_GET_WRITES:
        return False
    columns = {part.split("=")[0].strip() for part in re.split(r",\s*(?=\w+=)", match.group(2))}
    return columns <= ALLOWED_GET_WRITES[match.group(1)][0]


def unexpected(statements: list[str]) -> list[str]:
    return [s[:200] for s in statements if not allowed(s)]


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


def test_only_the_declared_columns_pass_as_read_receipts():
    sqlite = "UPDATE inquiries SET buyer_read_at=?, updated_at=? WHERE inquiries.id = ?"
    postgres = (
        "UPDATE inquiries SET producer_read_at=%(producer_read_at)s::TIMESTAMP WITH TIME ZONE, "
        "updated_at=%(updated_at)s::TIMESTAMP WITH TIME ZONE WHERE inquiries.id = %(inquiries_id)s"
    )

    assert allowed(sqlite) and allowed(postgres)
    assert not allowed("UPDATE inquiries SET status=?, buyer_read_at=? WHERE inquiries.id = ?")
    assert not allowed("UPDATE users SET updated_at=? WHERE users.id = ?")
    assert not allowed("INSERT INTO inquiries (buyer_read_at) VALUES (?)")
