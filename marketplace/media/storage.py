"""Store processed photo variants on disk under random, traversal-proof names."""

from __future__ import annotations

import os
import re
import secrets
import tempfile
from pathlib import Path

from .images import VARIANT_FORMATS, VARIANT_SIZES, ProcessedImage

# token_urlsafe(16) gives 22 characters of [A-Za-z0-9_-]; the key is "<first two>/<token>".
# Keys come back from the database and URLs, so they are matched strictly, never joined blindly.
_KEY_RE = re.compile(r"(?P<prefix>[A-Za-z0-9_-]{2})/(?P<token>[A-Za-z0-9_-]{22})")
_EXTENSIONS = {"webp": "webp", "jpeg": "jpg"}
# Media is served by the web server, which usually runs as another user; mkstemp's 0600
# would make every photo a 403.
_FILE_MODE = 0o644


class InvalidStorageKey(ValueError):
    """A key that is not one we issued (malformed, or an attempt at path traversal)."""


def _check_key(key: str) -> None:
    match = _KEY_RE.fullmatch(key) if isinstance(key, str) else None
    if match is None or not match["token"].startswith(match["prefix"]):
        raise InvalidStorageKey(f"invalid media key: {key!r}")


def variant_name(key: str, size: str, fmt: str) -> str:
    """Relative path (also the URL path below the media URL) of one variant."""
    _check_key(key)
    if size not in VARIANT_SIZES or fmt not in VARIANT_FORMATS:
        raise InvalidStorageKey(f"unknown variant: {size!r}/{fmt!r}")
    return f"{key}_{size}.{_EXTENSIONS[fmt]}"


def variant_path(key: str, size: str, fmt: str, media_root: Path) -> Path:
    """Absolute path of one variant; refuses any key that could leave `media_root`."""
    root = Path(media_root).resolve()
    path = (root / variant_name(key, size, fmt)).resolve()
    # Belt and braces: the regex already excludes "/" beyond the prefix and "..".
    if not path.is_relative_to(root):
        raise InvalidStorageKey(f"invalid media key: {key!r}")
    return path


def _all_paths(key: str, media_root: Path) -> list[Path]:
    return [variant_path(key, size, fmt, media_root) for size in VARIANT_SIZES for fmt in VARIANT_FORMATS]


def _write_atomic(path: Path, content: bytes) -> None:
    # Temp file in the same directory so os.replace is a rename on one filesystem: readers
    # see either no file or the complete file, never a half-written photo.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def store_image(processed: ProcessedImage, media_root: Path) -> str:
    """Write every variant and return the storage key (e.g. "Ab/AbCd..."), to keep in the DB."""
    for _attempt in range(5):
        token = secrets.token_urlsafe(16)
        key = f"{token[:2]}/{token}"
        paths = _all_paths(key, media_root)
        # 128 random bits make a clash practically impossible; checking is cheap anyway.
        if not any(path.exists() for path in paths):
            break
    else:  # pragma: no cover - would need a broken random source
        raise RuntimeError("could not allocate a unique media key")

    paths[0].parent.mkdir(parents=True, exist_ok=True)
    try:
        for size in VARIANT_SIZES:
            for fmt in VARIANT_FORMATS:
                path = variant_path(key, size, fmt, media_root)
                _write_atomic(path, processed.variants[size][fmt])
    except BaseException:
        # Leave no orphan variants behind if the disk fills up half way.
        delete_image(key, media_root)
        raise
    return key


def delete_image(key: str, media_root: Path) -> None:
    """Remove every variant of `key`; missing files are fine (deletion is idempotent)."""
    # The two-character prefix directory is left in place: there are at most 4096 of them,
    # and removing one could race with a concurrent store_image writing into it.
    for path in _all_paths(key, media_root):
        path.unlink(missing_ok=True)
