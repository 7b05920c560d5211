"""The fairs version (core.cache): replaced after every commit that wrote anything of
marketplace.fairs (a fair, a hall, a booth, a booking, a payment's mark on it, a waiting list...),
so the public fair page can be kept for visitors (core.pagecache) and still be right on the next
request after a change. One rule for the whole area, by the written objects' module, so a model
added later is covered without a list to keep."""

from marketplace.core.cache import FAIRS, follow_writes


def _of_fairs(cls) -> bool:
    return cls.__module__.startswith("marketplace.fairs.")


def connect() -> None:
    follow_writes(FAIRS, _of_fairs)
