"""Matched words marked in a text (<mark>), whatever accents or case they were typed with."""

from markupsafe import Markup, escape

from marketplace.search.analysis import WORD, fold


def highlight(text: str, terms, prefixes=()) -> Markup:
    """`text` escaped, with every word whose folded form is in `terms` (or begins with one of
    `prefixes`) wrapped in <mark>."""
    text = text or ""
    terms, prefixes = frozenset(terms), tuple(prefixes)
    parts, last = [], 0
    for match in WORD.finditer(text):
        word = fold(match.group())
        if word in terms or (prefixes and word.startswith(prefixes)):
            parts.append(escape(text[last:match.start()]))
            parts.append(Markup("<mark>%s</mark>") % match.group())
            last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
