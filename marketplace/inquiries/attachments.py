"""Thread attachments: a PDF screened like media/pdf.py does, or a photo re-encoded like product photos,
stored under a random key outside the public media folder and served only to the thread's parties."""

import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l

from marketplace.core.rules import RuleError
from marketplace.media.images import ImageRejected, process_image
from marketplace.media.pdf import AttachmentRejected, check_pdf

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_IMAGE_BYTES = 8 * 1024 * 1024
_KEY = re.compile(r"[A-Za-z0-9_-]{22}\.(?:pdf|jpg)")
_SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


class AttachmentError(RuleError):
    """A refused attachment: `status` 422 for the file itself, 503 when photos cannot be decoded right now."""

    def __init__(self, message, field: str | None = "attachment", *, status: int = 422) -> None:
        super().__init__(message, field, status=status, code="unavailable" if status == 503 else "unprocessable")


@dataclass(frozen=True)
class CheckedFile:
    kind: str  # pdf | image
    content: bytes
    name: str

    @property
    def extension(self) -> str:
        return "pdf" if self.kind == "pdf" else "jpg"


def _clean_name(filename: str, kind: str) -> str:
    stem = _SAFE_NAME.sub("", Path(filename or "").stem).strip(" .")[:100] or "tep-dinh-kem"
    return f"{stem}.{'pdf' if kind == 'pdf' else 'jpg'}"


def check_attachment(data: bytes, filename: str) -> CheckedFile:
    """Decide by content, never by name: a PDF must pass the PDF screen; anything else must be
    a photo, which is re-encoded as a clean JPEG (no EXIF, no GPS, no hidden payload)."""
    if not data:
        raise AttachmentError(_l("The attached file is empty."))
    if data.startswith(b"%PDF-"):
        try:
            check_pdf(data, max_bytes=MAX_PDF_BYTES)
        except AttachmentRejected as error:
            raise AttachmentError(error.message) from None
        return CheckedFile("pdf", data, _clean_name(filename, "pdf"))
    try:
        processed = process_image(data, max_bytes=MAX_IMAGE_BYTES, min_side=16)
    except ImageRejected as error:
        if error.reason in ("not_an_image", "unsupported_type"):
            raise AttachmentError(_l("Attach a PDF document or a JPEG, PNG or WebP photo.")) from None
        raise AttachmentError(error.message, status=503 if error.reason == "busy" else 422) from None
    return CheckedFile("image", processed.variants["large"]["jpeg"], _clean_name(filename, "image"))


def attachment_root(data_dir) -> Path:
    return Path(data_dir) / "inquiry-files"


def store(checked: CheckedFile, data_dir) -> str:
    """Write the file atomically under a new random key and return the key."""
    root = attachment_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    key = f"{secrets.token_urlsafe(16)}.{checked.extension}"
    handle, temporary = tempfile.mkstemp(dir=root, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(checked.content)
        os.replace(temporary, root / key)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return key


def path_of(key: str, data_dir) -> Path | None:
    """The stored file for a key we issued; None for anything else (no traversal)."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        return None
    path = attachment_root(data_dir) / key
    return path if path.is_file() else None


def discard(key: str | None, data_dir) -> None:
    """Remove a stored file whose database row was never committed."""
    path = path_of(key, data_dir) if key else None
    if path is not None:
        path.unlink(missing_ok=True)
