"""Matched words marked in a text (<mark>), whatever accents or case they were typed with."""

import re

from markupsafe import Markup, escape

from marketplace.search.analysis import WORD, fold

_SPACES = re.compile(r"\s+")


def highlight(text: str, terms, prefixes=()) -> Markup:
    """`text` escaped, with every word whose folded form is in `terms` (or begins with one of
    `prefixes`) in <mark>; neighbouring matches share one mark ("<mark>Bát Tràng</mark>")."""
    text = text or ""
    terms, prefixes = frozenset(terms), tuple(prefixes)
    spans: list[list[int]] = []
    for match in WORD.finditer(text):
        word = fold(match.group())
        if word in terms or (prefixes and word.startswith(prefixes)):
            if spans and _SPACES.fullmatch(text[spans[-1][1] : match.start()]):
                spans[-1][1] = match.end()
            else:
                spans.append([match.start(), match.end()])
    parts, last = [], 0
    for start, end in spans:
        parts += [escape(text[last:start]), Markup("<mark>%s</mark>") % text[start:end]]
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)
