"""Photos of products and producers: check every upload first, then store, order and remove them."""

from dataclasses import dataclass
from pathlib import Path

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.catalogue.models import MAX_PRODUCT_PHOTOS, Product, ProductPhoto
from marketplace.core.aftercommit import after_commit
from marketplace.core.rules import RuleError
from marketplace.extensions import db
from marketplace.media.images import ImageRejected, ProcessedImage, process_image
from marketplace.media.storage import delete_image, store_image
from marketplace.producers.models import Producer, ProducerPhoto

MAX_PRODUCER_PHOTOS = 8
RECOMMENDED_PRODUCT_PHOTOS = 3  # domain.md: a product shows at least 3 photos


class PhotoError(RuleError):
    """An upload was refused; `message` is translated (lazily), `filename` names the culprit, `status` is
    422 for the file itself and 503 when the server is too busy decoding photos to look at it now."""

    def __init__(self, message, filename: str | None = None, status: int = 422):
        super().__init__(message, "photos", status=status, code="unavailable" if status == 503 else None)
        self.filename = filename

    def __str__(self) -> str:
        """The reason, after the file at fault when there is one (shown on the upload field)."""
        if self.filename:
            return str(_l("%(file)s: %(reason)s", file=self.filename, reason=self.message))
        return str(self.message)


@dataclass(frozen=True)
class Upload:
    """One uploaded file as plain data: the name the browser gave and its bytes."""

    filename: str
    data: bytes


def media_root() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "media"


def max_photo_bytes() -> int:
    return int(current_app.config["MAX_PHOTO_BYTES"])


def limit_for(holder) -> int:
    return MAX_PRODUCT_PHOTOS if isinstance(holder, Product) else MAX_PRODUCER_PHOTOS


def _check_all(holder, uploads: list[Upload]) -> list[ProcessedImage]:
    """Every file is judged before any is stored: one bad file refuses the whole batch."""
    if not uploads:
        raise PhotoError(_l("Choose at least one photo."))
    limit = limit_for(holder)
    room = limit - len(holder.photos)
    if len(uploads) > room:
        raise PhotoError(
            _l(
                "At most %(limit)s photos are allowed; there is room for %(room)s more.",
                limit=limit,
                room=max(room, 0),
            )
        )
    processed = []
    for upload in uploads:
        try:
            processed.append(process_image(upload.data, max_bytes=max_photo_bytes()))
        except ImageRejected as rejected:
            raise PhotoError(rejected.message, upload.filename, 503 if rejected.reason == "busy" else 422) from None
    return processed


def attach_photos(holder: Product | Producer, uploads: list[Upload]) -> list:
    """Add photos at the end of `holder`'s list; raises PhotoError with nothing stored."""
    return store_processed(holder, _check_all(holder, uploads))


def store_processed(holder: Product | Producer, processed: list[ProcessedImage]) -> list:
    """Store already checked images as `holder`'s next photos (uploads go through attach_photos)."""
    root, stored, rows = media_root(), [], []
    try:
        for image in processed:
            key = store_image(image, root)
            stored.append(key)
            rows.append(add_stored_photo(holder, key, image.width, image.height))
        db.session.flush()
    except BaseException:
        # No files without rows: whatever stopped us, the disk keeps nothing of this batch.
        discard_files(stored)
        raise
    return rows


def add_stored_photo(holder: Product | Producer, key: str, width: int, height: int):
    """A photo row, last in `holder`'s list, for files already stored under `key` (the demo shares
    one drawing between products; discard_unused_files keeps files that any row still shows)."""
    position = max((photo.position for photo in holder.photos), default=-1) + 1
    fields = {"storage_key": key, "width": width, "height": height, "position": position}
    row = (
        ProductPhoto(product=holder, **fields)
        if isinstance(holder, Product)
        else ProducerPhoto(producer=holder, **fields)
    )
    db.session.add(row)
    return row


def remove_photo(photo) -> str:
    """Drop the photo's row and renumber the rest; returns the key whose files the caller
    deletes after commit (deleting before would lose them if the transaction rolls back)."""
    holder = photo.product if isinstance(photo, ProductPhoto) else photo.producer
    holder.photos.remove(photo)
    db.session.delete(photo)
    _renumber(holder.photos)
    db.session.flush()
    return photo.storage_key


def move_up(photo) -> None:
    """Swap the photo with the one before it; the first photo is the one shown in listings."""
    holder = photo.product if isinstance(photo, ProductPhoto) else photo.producer
    ordered = sorted(holder.photos, key=lambda p: (p.position, p.id))
    index = ordered.index(photo)
    if index > 0:
        ordered[index - 1], ordered[index] = ordered[index], ordered[index - 1]
    _renumber(ordered)
    db.session.flush()


def describe(photo, text: str | None) -> None:
    """Set the text read aloud for the photo (alt text of a product photo, caption of a producer's)."""
    text = (text or "").strip()[:200] or None
    if isinstance(photo, ProductPhoto):
        photo.alt = text
    else:
        photo.caption = text
    db.session.flush()


def _renumber(photos) -> None:
    for position, photo in enumerate(sorted(photos, key=lambda p: (p.position, p.id))):
        photo.position = position


def discard_files(keys: list[str], root: Path | None = None) -> None:
    root = root or media_root()
    for key in keys:
        delete_image(key, root)


def discard_unused_files(keys: list[str]) -> None:
    """Delete the files of removed photos, unless another photo row still uses them, once the unit of
    work commits: deleting them before would lose them if it rolls back (a rollback keeps them)."""
    if not keys:
        return
    db.session.flush()  # the removed rows must be gone from what the queries below see
    used = set(db.session.scalars(select(ProductPhoto.storage_key).where(ProductPhoto.storage_key.in_(keys))))
    used |= set(db.session.scalars(select(ProducerPhoto.storage_key).where(ProducerPhoto.storage_key.in_(keys))))
    unused, root = [key for key in keys if key not in used], media_root()
    if unused:
        after_commit(lambda: discard_files(unused, root))


def photo_urls(key: str) -> dict[str, str]:
    """Thumbnail addresses (served by the media area), WebP with a JPEG fallback, for the management pages."""
    return {
        "webp": url_for("media.photo", key=key, variant="thumb", fmt="webp"),
        "jpeg": url_for("media.photo", key=key, variant="thumb", fmt="jpg"),
    }
