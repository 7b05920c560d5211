"""Serves stored photo variants by their random key, and the template helpers that link to them."""

from pathlib import Path

from flask import Blueprint, abort, current_app, send_file, url_for

from marketplace.media.images import VARIANT_SIZES
from marketplace.media.storage import InvalidStorageKey, variant_path

bp = Blueprint("media", __name__, url_prefix="/media")

# URL extension -> (stored format, Content-Type)
FORMATS = {"webp": ("webp", "image/webp"), "jpg": ("jpeg", "image/jpeg"), "jpeg": ("jpeg", "image/jpeg")}
# Keys are random and a variant never changes once written, so browsers may keep it for a year.
CACHE_CONTROL = "public, max-age=31536000, immutable"


def media_root() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "media"


@bp.route("/<path:key>/<variant>.<fmt>")
def photo(key: str, variant: str, fmt: str):
    if fmt not in FORMATS:
        abort(404)
    stored_format, mimetype = FORMATS[fmt]
    try:
        path = variant_path(key, variant, stored_format, media_root())
    except InvalidStorageKey:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=mimetype, conditional=True, etag=True, max_age=31536000)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response


def variant_width(photo, variant: str) -> int:
    """The pixel width of one stored variant, from the stored large size (as the encoder shrank it)."""
    longest = max(photo.width, photo.height, 1)
    scale = min(1.0, VARIANT_SIZES[variant] / longest)
    return max(1, round(photo.width * scale))


def variant_height(photo, variant: str) -> int:
    longest = max(photo.width, photo.height, 1)
    scale = min(1.0, VARIANT_SIZES[variant] / longest)
    return max(1, round(photo.height * scale))


@bp.app_template_global()
def photo_url(photo, variant: str = "medium", fmt: str = "jpg", external: bool = False) -> str:
    return url_for("media.photo", key=photo.storage_key, variant=variant, fmt=fmt, _external=external)


@bp.app_template_global()
def photo_srcset(photo, fmt: str) -> str:
    """ "…/thumb.webp 320w, …/medium.webp 800w, …": smallest first, duplicates of a small upload dropped."""
    entries, seen = [], set()
    for variant in sorted(VARIANT_SIZES, key=VARIANT_SIZES.get):
        width = variant_width(photo, variant)
        if width in seen:
            continue
        seen.add(width)
        entries.append(f"{photo_url(photo, variant, fmt)} {width}w")
    return ", ".join(entries)


@bp.app_template_global()
def photo_size(photo, variant: str = "medium") -> tuple[int, int]:
    return variant_width(photo, variant), variant_height(photo, variant)
