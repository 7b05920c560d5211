"""From what a buyer typed to what the engine runs: words, synonyms, typo corrections, fallbacks.

1. Every word must match (accents, case and đ/d ignored; synonyms widen a word).
2. When that finds little, words of 4+ letters also match words one edit away ("bat trag"
   finds "bát tràng"), and an unknown word gets a "did you mean".
3. When nothing has every word, products with any of them are shown, and the page says so.
"""

import re
from dataclasses import replace

from marketplace.search import analysis
from marketplace.search.results import Hits, Request, Word

LITTLE = 3  # fewer hits than this: try typo corrections
TYPO_MIN_LENGTH = 4
_CODE = re.compile(r"^[\w.\-/]{2,40}$")


def parse(query: str, prefix_last: bool = False) -> tuple[tuple[Word, ...], str | None]:
    """The words of `query` (at most 12) and, when it could be one, the product code it names."""
    typed = analysis.exact_words(query or "")[: analysis.MAX_QUERY_WORDS]
    result = []
    for position, raw in enumerate(typed):
        folded = analysis.fold(raw)
        if not folded:
            continue
        result.append(
            Word(
                folded=folded,
                exact=raw if raw != folded else None,
                alternatives=analysis.synonyms(folded),
                prefix=prefix_last and position == len(typed) - 1,
            )
        )
    stripped = (query or "").strip().lower()
    code = stripped if _CODE.match(stripped) else None
    return tuple(result), code


def run(
    engine,
    query: str,
    filters: dict,
    page: int,
    per_page: int,
    sort: str,
    bands: tuple,
    facets: bool = True,
    count: bool = True,
    few_matches: bool = False,
    parsed: tuple | None = None,
) -> Hits:
    """`facets=False`: the caller has the facet counts already; the engine counts only the total.
    `count=False` (a search without words whose total the caller knows): not even that.
    `few_matches`: see Request. `parsed`: parse(query), when the caller has it."""
    words, code = parsed if parsed is not None else parse(query)
    request = Request(
        words,
        code,
        filters,
        page,
        per_page,
        sort,
        bands,
        facets=facets,
        count=count or bool(words),
        few_matches=few_matches,
    )
    hits = engine.search(request)
    suggestion = None
    if words and hits.total < LITTLE:
        corrected, suggestion = _with_typos(engine, request, hits.total)
        if corrected is not request:
            request = corrected
            hits = engine.search(request)
    if words and hits.total == 0 and len(words) > 1:
        request = replace(request, all_words=False)
        hits = engine.search(request)
        hits.any_word = True
    hits.terms = frozenset(t for w in request.words for t in w.matching)
    hits.suggestion = suggestion if suggestion and suggestion != analysis.fold(query) else None
    return hits


def _with_typos(engine, request: Request, total: int) -> tuple[Request, str | None]:
    """The request with typo variants added, and the best corrected query for "did you mean".

    Unknown words of 4+ letters are corrected; when every word is known but together they find
    nothing, rare words are widened too.
    """
    long_words = [
        (i, w, engine.frequency(w.folded)) for i, w in enumerate(request.words) if len(w.folded) >= TYPO_MIN_LENGTH
    ]
    targets = [(i, w, f) for i, w, f in long_words if f == 0]
    if not targets and total == 0:
        targets = [(i, w, f) for i, w, f in long_words if f < LITTLE]
    words, best = list(request.words), {}
    for index, word, frequency in targets:
        candidates = engine.typo_candidates(word.folded)
        if not candidates:
            continue
        words[index] = replace(word, variants=frozenset(candidates) - word.alternatives)
        if frequency == 0:
            best[index] = _best_candidate(engine, request, index, candidates)
    if words == list(request.words):
        return request, None
    suggestion = None
    if best:
        suggestion = " ".join(best.get(i, w.folded) for i, w in enumerate(request.words))
    return replace(request, words=tuple(words)), suggestion


def _best_candidate(engine, request: Request, index: int, candidates: dict[str, int]) -> str:
    """The correction that finds the most products together with the other words."""
    ranked = sorted(candidates, key=lambda c: (-candidates[c], c))[:6]

    def hits_with(candidate):
        word = request.words[index]
        words = list(request.words)
        words[index] = replace(word, alternatives=analysis.synonyms(candidate), exact=None, variants=frozenset())
        return engine.count(replace(request, words=tuple(words), code=None))

    return max(ranked, key=lambda c: (hits_with(c), candidates[c], len(c)))


def suggest_request(query: str, limit: int) -> Request:
    words, _code = parse(query, prefix_last=True)
    return Request(words, None, {}, 1, limit, "relevance", ())
