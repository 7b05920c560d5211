"""The awards version (core.cache): replaced after every commit that wrote what the public awards
pages show (a programme, its criteria, an entry and its screening, a certificate...), so those pages
can be kept for visitors (core.pagecache) and still be right on the next request after a change.
By module, as fairs.versioning, so a model added later is covered without a list to keep.

Votes are left out: a visitor's page shows no tally (results are their own page, published once
voting is over), and a crowd voting after a television spot would otherwise make every vote throw
the kept pages away, just when they are most needed."""

from marketplace.awards.models import Vote
from marketplace.core.cache import AWARDS, follow_writes


def _shown_by_awards_pages(cls) -> bool:
    return cls.__module__.startswith("marketplace.awards.") and not issubclass(cls, Vote)


def connect() -> None:
    follow_writes(AWARDS, _shown_by_awards_pages)
