"""No route changes anything on GET: every GET route, requested by every actor, sends no
INSERT, UPDATE or DELETE to the database (mail scanners and prefetchers follow links)."""

from tests.hardening.access_rules import ACTORS, all_rules
from tests.hardening.sweep import send, urls_for


def test_no_get_request_writes_to_the_database(app, world, actors, writes):
    problems, checked = [], 0
    for rule in all_rules():
        for url, methods in urls_for(app, rule, world):
            if "GET" not in methods:
                continue
            for name in ACTORS:
                outcome = send(actors[name], "GET", url, writes)
                checked += 1
                if outcome.writes:
                    problems.append(f"GET {url} as {name} wrote: {outcome.writes}")

    assert checked > 100
    assert not problems, "\n".join(problems)


def test_the_recorder_sees_a_write(app, world, actors, writes):
    """The check above is not vacuous: a POST that changes something is recorded."""
    outcome = send(actors["admin"], "POST", f"/producers/staff/{world.producer.id}/featured", writes)

    assert any(statement.startswith("UPDATE producers") for statement in outcome.writes), outcome.writes
