"""Refuse PDF attachments that are not PDFs or that carry scripts, launch actions or files."""

from __future__ import annotations

import bisect
import re
import zlib

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from marketplace.core.rules import RuleError
from marketplace.media.pdf_structure import Unreadable, find_active_content

_DELIMITERS = rb"\x00\t\n\x0c\r ()<>\[\]{}/%"


def _name_re(*names: str) -> re.Pattern[bytes]:
    """Match any of `names` as a whole PDF name, also when spelled with #xx escapes or in
    another case (PDF 32000-1, 7.3.5): "/JavaScript", "/J#61va#53cript", "/javascript"."""

    def spelled(name: str) -> bytes:
        # Each character may be itself or "#" + its hex code, in either letter case.
        return b"".join(b"(?:%s|#%02x|#%02x)" % (re.escape(c.encode()), ord(c.lower()), ord(c.upper())) for c in name)

    alternatives = b"|".join(spelled(name) for name in names)
    # One compiled C-level search: building a set of every name in a 10 MB file took seconds.
    return re.compile(rb"/(?:%s)(?![^%s])" % (alternatives, _DELIMITERS), re.IGNORECASE)


# Names that make a document active: scripts, launching programs, carrying files, posting forms. A quick
# first screen of the raw bytes; pdf_structure then parses the document (as a reader would) and decides.
_ACTIVE_RE = _name_re(
    "JavaScript",
    "JS",
    "Launch",
    "EmbeddedFile",
    "EmbeddedFiles",
    "SubmitForm",
    "ImportData",
    "GoToR",
    "GoToE",
    "RichMedia",
    "RichMediaExecute",
    "XFA",
)
# pdf.js & co. only need /First and /N, so /Type /ObjStm alone is not a reliable sign.
_OBJSTM_KEY_RE = _name_re("ObjStm", "First")
_FILTER_KEY_RE = _name_re("Filter")
_PREDICTOR_KEY_RE = _name_re("Predictor")
# "\b" keeps "endstream" from matching.
_STREAM_RE = re.compile(rb"\bstream(?:\r\n|\n|\r)")
# Bounded and anchored so a long run of digits cannot make the search quadratic.
_OBJ_HEADER_RE = re.compile(rb"(?<!\d)\d{1,10}\s{1,8}\d{1,5}\s{1,8}obj\b")
# An object stream starts with "objnum offset" pairs followed by the first object; page
# content such as "1 0 0 1 72 720 cm" ends its numbers with an operator instead.
_OBJSTM_START_RE = re.compile(rb"\s*(?:\d+\s+\d+\s+)+(?:<<|\[|\(|/|true|false|null)")
# How far back from "stream" we look for its dictionary, and how much object-stream data we
# are willing to inflate in total (a zip bomb must not become a memory bomb).
_HEADER_WINDOW = 16 * 1024
_MAX_INFLATED = 32 * 1024 * 1024


class AttachmentRejected(RuleError):
    """An attachment we refuse; `reason` is a stable code (also the rule's code), `message` is lazy,
    `found` says what (for logs)."""

    def __init__(self, reason: str, message: LazyString, found: str | None = None) -> None:
        super().__init__(message, code=reason)
        self.reason = reason
        self.found = found

    def __str__(self) -> str:
        return self.reason  # for logs: the code, so logging never needs an app context or a catalog


def _active_content(found: str | None = None) -> AttachmentRejected:
    return AttachmentRejected(
        "active_content",
        _l(
            "This PDF contains scripts, attached files or actions, which are not allowed. "
            "Please save it again with “Print to PDF”."
        ),
        found,
    )


def _unreadable() -> AttachmentRejected:
    return AttachmentRejected(
        "unreadable",
        _l(
            "This PDF could not be read and checked (it may be damaged, encrypted or password protected). "
            "Please save it again with “Print to PDF”."
        ),
    )


def _stream_dictionary(data: bytes, stream_start: int, floor: int, headers: list[int]) -> bytes:
    """The bytes before "stream" back to its "N G obj", the previous stream or a window."""
    # One pass over the file for all headers plus a bisect per stream: rescanning a window per
    # stream made a PDF of many tiny streams take seconds, an easy way to tie up workers.
    index = bisect.bisect_left(headers, stream_start) - 1
    header = headers[index] if index >= 0 else 0
    return data[max(stream_start - _HEADER_WINDOW, header, floor) : stream_start]


def _looks_like_object_stream(data: bytes, start: int) -> bool:
    """Peek into an undeclared Flate stream, in case an object stream hides its dictionary."""
    head = data[start : start + 2]
    if len(head) < 2 or head[0] & 0x0F != 8 or (head[0] << 8 | head[1]) % 31:
        return False  # no zlib header: JPEG, JBIG2, uncompressed, ...
    try:
        peek = zlib.decompressobj().decompress(data[start : start + 4096], 256)
    except zlib.error:
        return False
    return _OBJSTM_START_RE.match(peek) is not None


def _inflate(data: bytes, start: int, budget: int) -> bytes:
    if budget <= 0:  # zlib treats a max_length of 0 as "no limit"
        raise _unreadable()
    # zlib stops by itself at the end of the compressed stream, so we need not trust /Length
    # or search for "endstream" (which could be planted inside the compressed bytes).
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(memoryview(data)[start:], budget)
    except zlib.error:
        raise _unreadable() from None
    if not inflater.eof and inflater.unconsumed_tail:
        raise _unreadable()  # over budget: cannot be inspected within our limits
    return inflated


def check_pdf(data: bytes, max_bytes: int = 10 * 1024 * 1024) -> None:
    """Raise AttachmentRejected unless `data` looks like a passive PDF document.

    A screen, not a sanitiser: serve accepted files as downloads (Content-Disposition:
    attachment, X-Content-Type-Options: nosniff) rather than inline from our origin.
    """
    if len(data) > max_bytes:
        raise AttachmentRejected(
            "too_large",
            _l("The PDF is larger than %(mb)s MB.", mb=f"{max(max_bytes / 1048576, 0.1):.3g}"),
        )
    if not data.startswith(b"%PDF-"):
        raise AttachmentRejected("not_a_pdf", _l("This file is not a PDF document."))

    if _ACTIVE_RE.search(data):
        raise _active_content()

    # Since PDF 1.5 dictionaries may sit inside compressed object streams, where a plain
    # byte search cannot see them; inflate those (only those) and search again.
    budget = _MAX_INFLATED
    headers = [header.start() for header in _OBJ_HEADER_RE.finditer(data)]
    previous_end = 0
    for match in _STREAM_RE.finditer(data):
        dictionary = _stream_dictionary(data, match.start(), previous_end, headers)
        previous_end = match.end()
        declared = _OBJSTM_KEY_RE.search(dictionary) and _FILTER_KEY_RE.search(dictionary)
        if not declared and not _looks_like_object_stream(data, match.end()):
            continue  # page content, fonts, images: no action dictionaries in there
        if _PREDICTOR_KEY_RE.search(dictionary):
            raise _unreadable()  # predictors would scramble the bytes we search
        inflated = _inflate(data, match.end(), budget)
        budget -= len(inflated)
        if _ACTIVE_RE.search(inflated):
            raise _active_content()

    # The byte screen cannot tell a link the reader opens by itself from one the user clicks, nor see
    # inside filters it does not inflate: parse the whole document, every object stream included.
    try:
        found = find_active_content(data)
    except Unreadable:
        raise _unreadable() from None
    if found:
        raise _active_content(found)
