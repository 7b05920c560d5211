"""The authorisation sweep: every route, tried by every actor on objects someone else owns, lets
through exactly the actors its rule names, and never answers anyone with a server error."""

import pytest

from tests.hardening.access_rules import ACTORS, all_rules
from tests.hardening.sweep import urls_for

RULES = all_rules()
RULES_FILE_HINT = "tests/hardening/access_rules/<area>.py"


def declared_endpoints() -> set[str]:
    return {rule.endpoint for rule in RULES}


def test_every_route_declares_who_may_use_it(app):
    served = {rule.endpoint for rule in app.url_map.iter_rules()}

    missing = sorted(served - declared_endpoints())
    stale = sorted({rule.endpoint for rule in RULES if not rule.ahead} - served)

    assert not missing, (
        f"These endpoints have no access rule: {missing}. Declare who may use each one in "
        f"{RULES_FILE_HINT} (e.g. access('area.view', OWNER_OR_STAFF, args=lambda w: {{...}})); "
        "the authorisation, CSRF and GET sweeps then cover it."
    )
    assert not stale, f"Access rules for endpoints that no longer exist: {stale}; remove them."


def test_rule_names_are_unique():
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names)), "two entries share an endpoint and case"


def verdict(rule, method: str, actor: str, outcome) -> str | None:
    """What is wrong with one answer, or None."""
    if outcome.status >= 500:
        return f"{method} as {actor}: server error {outcome.status} {outcome.error}"
    allowed = actor in rule.allowed(method)
    if not allowed and not (outcome.refused or outcome.status in rule.refused_with):
        return f"{method} as {actor}: not refused ({outcome.status} {outcome.location}) although the rule forbids it"
    if allowed and outcome.refused and rule.exists:
        return f"{method} as {actor}: refused ({outcome.status} {outcome.location}) although the rule allows it"
    if allowed and method == "GET" and outcome.status >= 400 and rule.exists:
        return f"GET as {actor}: {outcome.status} for an allowed page (are its URL values right?)"
    return None


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_only_the_actors_the_rule_names_get_through(app, world, actors, writes, rule):
    from tests.hardening.sweep import send

    problems = []
    for url, methods in urls_for(app, rule, world):
        for method in sorted(methods):
            data = rule.data(world) if rule.data else None
            for actor in ACTORS:
                outcome = send(actors[actor], method, url, writes, data=data)
                problem = verdict(rule, method, actor, outcome)
                if problem:
                    problems.append(f"{url}: {problem}")

    assert not problems, "\n".join(problems)
