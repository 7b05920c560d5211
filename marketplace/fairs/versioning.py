"""The fairs version (core.cache): replaced after every commit that wrote anything of
marketplace.fairs (a fair, a hall, a booth, a booking, a payment's mark on it, a waiting list...),
so the public fair page can be kept for visitors (core.pagecache) and still be right on the next
request after a change. One rule for the whole area, by the written objects' module, so a model
added later is covered without a list to keep."""

from marketplace.core import aftercommit
from marketplace.core.cache import FAIRS, bump_version


def _of_fairs(cls) -> bool:
    return cls.__module__.startswith("marketplace.fairs.")


def connect() -> None:
    aftercommit.after_commits_writing(FAIRS, _of_fairs, lambda _session: lambda: bump_version(FAIRS))
