"""What a search asks and answers, the same for every engine."""

from dataclasses import dataclass, field

SORTS = ("relevance", "newest", "price_asc", "price_desc")


@dataclass(frozen=True)
class Word:
    """One word of the query: what must match (folded alternatives) and how it was typed."""

    folded: str
    exact: str | None  # the accented form when it was typed with accents
    alternatives: frozenset[str]  # itself and its synonyms, folded
    variants: frozenset[str] = frozenset()  # typo corrections (edit distance 1), folded
    prefix: bool = False  # the last word of a suggestion query: matches any word it begins

    @property
    def matching(self) -> frozenset[str]:
        return self.alternatives | self.variants


@dataclass(frozen=True)
class Request:
    words: tuple[Word, ...]
    code: str | None  # the whole query as a product code, lower case
    filters: dict
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    bands: tuple = ()  # price bands (low, high) to count
    all_words: bool = True
    facets: bool = True  # False: count the total only (the caller has the facet counts)
    count: bool = True  # False: the caller knows the total too; only the page's ids are read
    # True: a listing without words whose matches the caller knows to be few (for the page's depth):
    # reading and sorting them all is cheaper than walking the order until the page is full
    few_matches: bool = False

    def key(self, paged: bool = True) -> tuple:
        """Hashable and equal for equal requests (filters are a dict); without the page when
        `paged` is False (what totals and facet counts depend on)."""
        common = (
            self.words,
            self.code,
            tuple(sorted(self.filters.items())),
            self.all_words,
            self.bands,
            self.facets,
            self.count,
        )
        return (*common, self.page, self.per_page, self.sort) if paged else common


@dataclass
class Counts:
    """Facet counts; each facet counts with every filter applied except its own."""

    group: dict = field(default_factory=dict)  # number -> count
    province: dict = field(default_factory=dict)  # code -> count
    category: dict = field(default_factory=dict)  # id -> count
    cert: dict = field(default_factory=dict)  # kind -> count
    ocop_min: list = field(default_factory=lambda: [0] * 5)  # [≥1, ≥2, ..., ≥5]
    price: list = field(default_factory=list)  # one per band


@dataclass
class Hits:
    ids: list[int]  # the page, best first
    total: int
    counts: Counts
    terms: frozenset[str] = frozenset()  # folded words to highlight
    prefixes: frozenset[str] = frozenset()
    any_word: bool = False  # no product had every word: these have some of them
    suggestion: str | None = None  # "did you mean"
