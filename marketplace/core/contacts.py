"""The one rule for a phone number and for a website, wherever one is typed: forms and the catalogue's import."""

import re

# Digits with the marks people write between them: "0912 345 678", "(024) 3825.1234", "+84 912-345-678".
PHONE = re.compile(r"^[0-9 +().-]{6,30}$")


def is_phone(text: str | None) -> bool:
    return bool(text) and PHONE.match(text.strip()) is not None


def website_url(text: str | None) -> str | None:
    """The full address of a website: "example.vn" -> "https://example.vn"; None when empty.
    ValueError for anything else than an http(s) address with a dot in its host and no spaces."""
    url = (text or "").strip()
    if not url:
        return None
    if "://" not in url:
        url = "https://" + url
    if not url.lower().startswith(("http://", "https://")) or "." not in url.split("://", 1)[1] or " " in url:
        raise ValueError(text)
    return url
