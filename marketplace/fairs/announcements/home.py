"""The home page's section of the latest announcements (registered when the fairs blueprint is imported)."""

from marketplace.core.home import home_section
from marketplace.fairs.announcements import queries


@home_section(35, "fairs/announcements/_home.html")
def latest_announcements():
    found = queries.latest(3)
    return {"announcements": found} if found else None
