"""Dossier files: checked by content like every upload (media.images, media.pdf), kept outside /media."""

import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from marketplace.awards.errors import AwardError
from marketplace.media.images import ImageRejected, process_image
from marketplace.media.pdf import AttachmentRejected, check_pdf
from marketplace.media.storage import delete_image, store_image, variant_path

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# PDFs are "<two>/<token>"; the photo keys come from media.storage and have the same shape.
_KEY = re.compile(r"[A-Za-z0-9_-]{2}/[A-Za-z0-9_-]{22}")


@dataclass(frozen=True)
class Upload:
    """One uploaded file as plain data: the name the browser gave and its bytes."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class StoredFile:
    media_type: str
    storage_key: str
    size: int
    width: int | None = None
    height: int | None = None


def documents_root() -> Path:
    """Not below /media: dossier files (a business registration, say) go only to those allowed to see them."""
    return Path(current_app.config["DATA_DIR"]) / "awards" / "documents"


def _pdf_path(key: str) -> Path:
    if not _KEY.fullmatch(key or ""):
        raise ValueError("invalid document key")
    return documents_root() / f"{key}.pdf"


def check_and_store(upload: Upload) -> StoredFile:
    """A PDF (passive: no scripts or attached files) or a photo (re-encoded, metadata dropped).
    Raises AwardError with the checker's translated reason; nothing is stored then."""
    data = upload.data
    if data.startswith(b"%PDF-"):
        try:
            check_pdf(data, max_bytes=MAX_DOCUMENT_BYTES)
        except AttachmentRejected as rejected:
            raise AwardError(rejected.message, "file") from None
        return StoredFile("pdf", _store_pdf(data), len(data))
    try:
        processed = process_image(data, max_bytes=MAX_DOCUMENT_BYTES)
    except ImageRejected as rejected:
        raise AwardError(rejected.message, "file", status=503 if rejected.reason == "busy" else 422) from None
    key = store_image(processed, documents_root())
    return StoredFile("image", key, len(data), processed.width, processed.height)


def _store_pdf(data: bytes) -> str:
    token = secrets.token_urlsafe(16)
    key = f"{token[:2]}/{token}"
    path = _pdf_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)  # readers see the whole file or none
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return key


def file_path(media_type: str, key: str, size: str = "large") -> Path:
    """Where a stored document is; photos are served in their re-encoded JPEG variant."""
    if media_type == "pdf":
        return _pdf_path(key)
    return variant_path(key, size, "jpeg", documents_root())


def discard(stored: list[tuple[str, str]]) -> None:
    """Delete files (after the commit that dropped their rows, or when a transaction failed)."""
    for media_type, key in stored:
        if media_type == "pdf":
            _pdf_path(key).unlink(missing_ok=True)
        else:
            delete_image(key, documents_root())
