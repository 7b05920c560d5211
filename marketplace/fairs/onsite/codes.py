"""What a badge's QR code holds. It names the badge, never the person: a kind, the badge's number and
a short signature made with the site's secret, so a code cannot be guessed from another, and a typed
code with a slip in it is refused rather than read as someone else's.

    CNNT-E-42-7KQ3M2XA   an exhibitor's staff badge (row 42 of the exhibitor badges)
    CNNT-V-17-P4N8C2WD   a visitor's badge (account 17; the same code at every fair)
"""

import base64
import hashlib
import hmac
import re

from flask import current_app

EXHIBITOR, VISITOR = "E", "V"
KINDS = (EXHIBITOR, VISITOR)
_SIGNATURE_CHARS = 8
_CODE = re.compile(r"^CNNT-([EV])-([1-9][0-9]{0,11})-([A-Z2-7]{8})$")


def _signature(kind: str, number: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"badge:{kind}:{number}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii")[:_SIGNATURE_CHARS]


def badge_code(kind: str, number: int) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown badge kind {kind!r}")
    return f"CNNT-{kind}-{int(number)}-{_signature(kind, int(number))}"


def read_badge_code(text: str) -> tuple[str, int] | None:
    """(kind, number) for a genuine code, typed or scanned (case and spaces forgiven); else None."""
    cleaned = re.sub(r"\s+", "", (text or "")).upper()
    match = _CODE.match(cleaned)
    if match is None:
        return None
    kind, number, signature = match.group(1), int(match.group(2)), match.group(3)
    if not hmac.compare_digest(signature, _signature(kind, number)):
        return None
    return kind, number
