"""Accent-insensitive folding and slugs for Vietnamese text, shared by search and the geography."""

import re
import unicodedata

# The combining diacritical marks (U+034F, the grapheme joiner, is not one): every mark Vietnamese
# letters decompose to. Removing them with one regex is the quick way for the usual text.
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Thanh  Hóa" and "THANH HOA" give "thanh hoa"."""
    text = unicodedata.normalize("NFC", text).lower()
    # đ is a letter of its own, not d plus a mark, so decomposition would leave it in place.
    text = text.replace("đ", "d")
    bare = _MARKS.sub("", unicodedata.normalize("NFD", text))
    if not bare.isascii():  # other scripts and marks: the general way (ASCII needs no NFC)
        bare = unicodedata.normalize("NFC", "".join(ch for ch in bare if not unicodedata.combining(ch)))
    return " ".join(bare.split())  # str.split() splits on what \s matches


def slugify(text: str) -> str:
    """ASCII words joined by hyphens: "Làng nghề Bát Tràng" gives "lang-nghe-bat-trang"."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text).strip("-")
