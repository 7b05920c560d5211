"""Vietnamese text analysis shared by both engines: words, accent folding, synonyms, typo variants."""

import re
import unicodedata
from functools import cache
from pathlib import Path

# Letters and digits, with any combining marks that survived NFC (a few have no precomposed form).
WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")
SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"
MAX_QUERY_WORDS = 12
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def normalise(text: str) -> str:
    """NFC and lower case: the accent-preserving form ("Hòa" -> "hòa")."""
    return unicodedata.normalize("NFC", text or "").lower()


def fold(text: str) -> str:
    """Accent-free lower case; đ/Đ becomes d (it is a letter of its own, not d plus a mark)."""
    text = normalise(text).replace("đ", "d")
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def words(text: str) -> list[str]:
    """The words of an already normalised or folded text."""
    return WORD.findall(text)


def folded_words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def exact_words(text: str) -> list[str]:
    return WORD.findall(normalise(text))


def has_accents(word: str) -> bool:
    return fold(word) != word


@cache
def synonym_groups() -> dict[str, frozenset[str]]:
    """Folded word -> every word of its group (itself included), from synonyms.txt.

    The file is meant to be edited by staff: one group per line, words separated by commas,
    '#' starts a comment. Accents in the file are optional.
    """
    groups: dict[str, frozenset[str]] = {}
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        parts = [folded_words(part) for part in line.split(",")]
        members = frozenset(part[0] for part in parts if len(part) == 1)  # one word each
        if len(members) < 2:
            continue
        for member in members:
            groups[member] = groups.get(member, frozenset()) | members
    return groups


def synonyms(word: str) -> frozenset[str]:
    return synonym_groups().get(word, frozenset((word,)))


def edits1(word: str) -> set[str]:
    """Every folded word one edit away (delete, transpose, replace, insert)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    inserts = {a + c + b for a, b in splits for c in ALPHABET}
    return (deletes | transposes | replaces | inserts) - {word, ""}


def edit_distance_1(a: str, b: str) -> bool:
    """True when a and b differ by exactly one edit (Damerau: a swap of neighbours is one)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    return b in edits1(a)
