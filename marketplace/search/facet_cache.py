"""Facet counts of one-word searches, kept in the site's cache for up to a minute.

Counting facets means reading every match; the page of products and its total are still read
fresh each time (a product published or withdrawn shows at once), only these aggregate counts
may lag, by at most COUNTS_TTL seconds, as every aggregate on the site may."""

import hashlib

from marketplace.extensions import cache

COUNTS_TTL = 60


def _key(word: str, filters: dict, bands: tuple) -> str:
    raw = repr((word, sorted((k, sorted(v) if isinstance(v, frozenset) else v) for k, v in filters.items()), bands))
    return "facets:" + hashlib.sha1(raw.encode(), usedforsecurity=False).hexdigest()


def cached_counts(word: str, filters: dict, bands: tuple):
    """(None, Counts, None) when this word's counts are cached (the engine then counts only the
    total), in the shape of count_reads.empty_search_counts."""
    counts = cache.get(_key(word, filters, bands))
    return (None, counts, None) if counts is not None else None


def remember(word: str, filters: dict, bands: tuple, counts) -> None:
    cache.set(_key(word, filters, bands), counts, timeout=COUNTS_TTL)
