"""The CSRF sweep: every state-changing route refuses a request without a valid token, whoever
sends it; the only exemptions are the named ones, and the API they cover ignores the session."""

from marketplace.extensions import csrf as csrf_extension
from tests.hardening.access_rules import ACTORS, STATE_CHANGING, all_rules
from tests.hardening.sweep import send, urls_for

# Routes that take no CSRF token, and why: Stripe signs its webhook calls (checked with
# STRIPE_WEBHOOK_SECRET), and the API authenticates by bearer token, never by the session cookie.
EXEMPT_PATHS = {"/payments/stripe/webhook"}
EXEMPT_PREFIX = "/api/"
EXEMPT_BLUEPRINTS = {"api"}


def is_exempt(url: str) -> bool:
    return url.split("?")[0] in EXEMPT_PATHS or url.startswith(EXEMPT_PREFIX)


def state_changing_requests(app, world):
    for rule in all_rules():
        for url, methods in urls_for(app, rule, world):
            for method in sorted(set(methods) & set(STATE_CHANGING)):
                yield rule, url, method


def strongest_actor(rule, method: str) -> str:
    """Someone the route would otherwise let through, so only the missing token can stop them."""
    allowed = rule.allowed(method)
    for name in ("producer", "admin", "organiser", "buyer", "anonymous"):
        if name in allowed:
            return name
    return "admin"


def test_every_state_changing_route_refuses_a_missing_or_foreign_token(app, world, actors, writes):
    problems, checked = [], 0
    for rule, url, method in state_changing_requests(app, world):
        if is_exempt(url):
            continue
        actor = actors[strongest_actor(rule, method)]
        other = actors["buyer" if actor.name != "buyer" else "juror"]
        data = rule.data(world) if rule.data else None
        for label, token in (("no token", False), ("another session's token", other.csrf_token)):
            outcome = send(actor, method, url, writes, data=data, csrf=token)
            checked += 1
            if outcome.status != 400 or outcome.writes:
                problems.append(f"{method} {url} as {actor.name} with {label}: {outcome.status}, {outcome.writes}")

    assert checked > 20, "the sweep found almost no state-changing routes: is the world empty?"
    assert not problems, "\n".join(problems)


def test_a_valid_token_gets_past_the_check(app, world, actors, writes):
    """The refusals above come from the token, not from something else the requests lack."""
    outcome = send(actors["producer"], "POST", f"/producers/staff/{world.producer.id}/featured", writes, csrf=True)
    refused_without = send(
        actors["admin"], "POST", f"/producers/staff/{world.producer.id}/featured", writes, csrf=False
    )
    accepted = send(actors["admin"], "POST", f"/producers/staff/{world.producer.id}/featured", writes)

    assert outcome.status == 403  # the owner is refused by the rule, not by CSRF
    assert refused_without.status == 400 and not refused_without.writes
    assert accepted.status == 302 and accepted.writes


def test_only_the_named_routes_are_exempt_from_csrf(app):
    exempt_views = set(csrf_extension._exempt_views)
    exempt_paths = {
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint in app.view_functions
        and f"{app.view_functions[rule.endpoint].__module__}.{app.view_functions[rule.endpoint].__name__}"
        in exempt_views
    }

    assert exempt_paths <= EXEMPT_PATHS, f"unexpected CSRF exemptions: {exempt_paths - EXEMPT_PATHS}"
    exempt_blueprints = {getattr(bp, "name", bp) for bp in csrf_extension._exempt_blueprints}
    assert exempt_blueprints <= EXEMPT_BLUEPRINTS, f"unexpected blueprint exemptions: {exempt_blueprints}"


def test_a_session_cookie_alone_opens_no_api_route(app, world, actors, writes):
    """The API is exempt from CSRF because it never reads the session: signed in through the site
    but without a bearer token, every actor gets exactly what an anonymous caller gets."""
    problems, checked = [], 0
    for rule in all_rules():
        for url, methods in urls_for(app, rule, world):
            if not url.startswith(EXEMPT_PREFIX):
                continue
            for method in sorted(methods):
                anonymous = send(actors["anonymous"], method, url, writes, csrf=False, bearer=False)
                for name in ACTORS[1:]:
                    outcome = send(actors[name], method, url, writes, csrf=False, bearer=False)
                    checked += 1
                    if outcome.status != anonymous.status:
                        problems.append(
                            f"{method} {url}: {outcome.status} for {name}'s session cookie, "
                            f"{anonymous.status} for anonymous"
                        )

    assert checked, "no API route was tried"
    assert not problems, "\n".join(problems)
