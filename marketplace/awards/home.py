"""The home page's section for the standout-product programme that matters now (voting, else results)."""

from marketplace.awards import queries, rules
from marketplace.core.home import home_section


@home_section(40, "awards/_home.html")
def current_programme() -> dict | None:
    programme = queries.current_public_programme()
    if programme is None:
        return None
    entries = queries.nominations_for(None, programme).entries  # what anybody may see, whoever is looking
    if programme.phase == rules.PUBLISHED:
        entries = [e for e in entries if e.awarded]
    return {"programme": programme, "entries": entries[:6], "voting_open": programme.voting_open()}
