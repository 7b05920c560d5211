"""The home page's section of upcoming fairs (registered when the fairs blueprint is imported)."""

from marketplace.core.home import home_section
from marketplace.fairs import queries, rules
from marketplace.fairs.labels import REGISTRATION_LABELS


@home_section(30, "fairs/_home.html")
def upcoming_fairs():
    fairs = queries.public_fairs(limit=3)
    if not fairs:
        return None
    return {"fairs": [(fair, rules.registration_state(fair)) for fair in fairs], "labels": REGISTRATION_LABELS}
