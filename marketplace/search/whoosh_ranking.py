"""Ranking for the embedded engine: only the documents the page needs are ordered.

Relevance: a word found in the product's name counts more than one found elsewhere, a word
typed with accents and found with the same accents more again, the exact product code most;
a typo correction counts less than the word as typed. Ties go to more OCOP stars, then newest.
"""

import heapq
import itertools
import math
from collections import defaultdict

from marketplace.search.results import Request

NAME, NAME_VARIANT, EXACT, CODE, ANY_WORD = 3.0, 1.5, 2.0, 100.0, 1.0


def _weighted_sets(snapshot, request: Request):
    live = max(1, len(snapshot.live))
    for word in request.words:
        terms = set(word.alternatives)
        if word.prefix:
            terms.update(snapshot.prefix_terms("name", word.folded))
        # Rare words tell more about what is wanted than common ones.
        rarity = 1.0 + math.log(live / (1 + len(snapshot.union("text", word.matching))))
        yield snapshot.union("name", terms), NAME * rarity
        if word.variants:
            yield snapshot.union("name", word.variants), NAME_VARIANT * rarity
        if word.exact:
            yield snapshot.docs("exact", word.exact), EXACT * rarity
        if not request.all_words:
            yield snapshot.union("text", word.matching), ANY_WORD * rarity
    if request.code:
        yield snapshot.docs("code", request.code), CODE


def order_page(snapshot, request: Request, total_set: frozenset) -> list[int]:
    """Docnums of the requested page, in order."""
    start = (request.page - 1) * request.per_page
    need = start + request.per_page
    if start >= len(total_set):
        return []
    if request.sort != "relevance" or not (request.words or request.code):
        if need * len(snapshot.live) < len(total_set) ** 2:
            # Most documents match (a listing without words, a broad filter): walking the whole
            # order until the page is full reads about need * live / matches documents, fewer
            # than ranking every match (45 ms for a later page of 100,000 by newest).
            wanted = itertools.islice(filter(total_set.__contains__, snapshot.order(request.sort)), need)
            return list(wanted)[start:]
        rank = snapshot.rank(request.sort)
        return heapq.nsmallest(need, total_set, key=rank.__getitem__)[start:]
    rank = snapshot.rank("relevance")
    weighted = list(_weighted_sets(snapshot, request))
    # Every weight is positive, so the documents found in every set share the highest score and
    # are ordered by the tie-breaks alone. When they fill the page (the usual case: each word in
    # the name), no document needs a score: set intersections in C instead of a loop per match.
    best_scored = total_set.intersection(*(documents for documents, _weight in weighted))
    if len(best_scored) >= need:
        return heapq.nsmallest(need, best_scored, key=rank.__getitem__)[start:]
    scores: dict[int, float] = defaultdict(float)
    for documents, weight in weighted:
        for docnum in documents & total_set:
            scores[docnum] += weight
    # Few distinct scores: take whole score groups, best first, each ordered by the tie-breaks.
    groups: dict[float, list[int]] = defaultdict(list)
    for docnum, score in scores.items():
        groups[score].append(docnum)
    best: list[int] = []
    for score in sorted(groups, reverse=True):
        best += heapq.nsmallest(need - len(best), groups[score], key=rank.__getitem__)
        if len(best) >= need:
            return best[start:need]
    rest = total_set.difference(scores) if scores else total_set
    best += heapq.nsmallest(need - len(best), rest, key=rank.__getitem__)
    return best[start:]
