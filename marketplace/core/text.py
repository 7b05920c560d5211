"""Accent-insensitive folding and slugs for Vietnamese text, shared by search and the geography."""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Thanh  Hóa" and "THANH HOA" give "thanh hoa"."""
    text = unicodedata.normalize("NFC", text).lower()
    # đ is a letter of its own, not d plus a mark, so decomposition would leave it in place.
    text = text.replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def slugify(text: str) -> str:
    """ASCII words joined by hyphens: "Làng nghề Bát Tràng" gives "lang-nghe-bat-trang"."""
    ascii_text = fold(text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text).strip("-")
