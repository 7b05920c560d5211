"""The announcements as an Atom 1.0 feed (RFC 4287), built with ElementTree so every text is escaped."""

import re
import xml.etree.ElementTree as ET  # noqa: S405  (writing XML only; nothing is parsed)
from datetime import datetime

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids even when escaped: dropped from any text an organiser typed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value or "")


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def atom_feed(
    title: str, feed_url: str, page_url: str, author: str, language: str, entries: list[dict], updated: datetime
) -> bytes:
    """`entries`: dicts with url, title, summary, category, published, updated (aware datetimes)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    _add(feed, "id", feed_url)
    _add(feed, "title", title)
    _add(feed, "updated", _when(updated))
    _add(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _add(feed, "link", rel="alternate", type="text/html", href=page_url)
    _add(_add(feed, "author"), "name", author)
    for item in entries:
        entry = _add(feed, "entry")
        _add(entry, "id", item["url"])
        _add(entry, "title", item["title"])
        _add(entry, "link", rel="alternate", type="text/html", href=item["url"])
        _add(entry, "published", _when(item["published"]))
        _add(entry, "updated", _when(item["updated"]))
        _add(entry, "category", term=item["category"])
        _add(entry, "summary", item["summary"], type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
