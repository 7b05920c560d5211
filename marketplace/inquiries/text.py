"""Message bodies as safe HTML: plain text escaped, web addresses made into links, then sanitised by nh3."""

import re

import nh3
from markupsafe import Markup, escape

# A web address starts with http(s):// or www.; it ends at white space or at characters that
# cannot be part of it in running text. Trailing punctuation belongs to the sentence.
_ADDRESS = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'`]+")
_TRAILING = ".,;:!?)]}'\""
_ALLOWED_TAGS = {"a", "br"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}}


def _link(address: str) -> str:
    href = address if address.lower().startswith(("http://", "https://")) else "https://" + address
    return f'<a href="{escape(href)}">{escape(address)}</a>'


def linkify(body: str) -> str:
    """Escape `body` and wrap each web address in a link; line breaks become <br>."""
    pieces, position = [], 0
    for match in _ADDRESS.finditer(body):
        address = match.group(0).rstrip(_TRAILING)
        pieces.append(str(escape(body[position : match.start()])))
        pieces.append(_link(address))
        position = match.start() + len(address)
    pieces.append(str(escape(body[position:])))
    return "".join(pieces).replace("\r\n", "\n").replace("\n", "<br>")


def message_html(body: str | None) -> Markup:
    """The HTML shown for a message. nh3 is the last word: only <a href> (http/https) and <br>
    survive, and every link gets rel="nofollow noopener noreferrer ugc"."""
    cleaned = nh3.clean(
        linkify(body or ""),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    return Markup(cleaned)  # noqa: S704  (sanitised by nh3 just above)
