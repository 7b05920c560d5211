"""Check product photos by content and re-encode them as clean, metadata-free variants."""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.core.rules import RuleError
from marketplace.media.slots import SlotsBusy, image_slot

# Pillow plugins we let parse the upload at all: fewer parsers, less attack surface.
_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP")
# MPO is what Pillow calls a JPEG carrying a multi-picture index, which many phone cameras
# write; its first frame is an ordinary JPEG, so it is accepted like one.
_ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP"})

# Long-side caps, largest first: each variant is resized from the same clean base.
VARIANT_SIZES: dict[str, int] = {"large": 1600, "medium": 800, "thumb": 320}
VARIANT_FORMATS = ("webp", "jpeg")

# GIF, TIFF (both byte orders), Photoshop, ICO: refused, but worth a clearer message.
_OTHER_IMAGE_MAGIC = (b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"8BPS", b"\x00\x00\x01\x00")

WEBP_QUALITY = 80
JPEG_QUALITY = 82

# Decoded pixels we accept: 16 MP (4000 × 4000, more than a phone photo needs) decodes to at most
# 64 MB as RGBA. At the earlier 40 MP, a 170 KB PNG made a worker grow by 500 MB.
MAX_PIXELS = 16_000_000
# Pillow's own guard for every caller in the process: it warns above this and refuses above twice
# this, where its default (179 MP) was far beyond what a worker can afford.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageRejected(RuleError):
    """An upload that is not an acceptable photo; `reason` is a stable code (also the rule's code),
    `message` is lazy. 503 when every image slot stays busy, else 422."""

    def __init__(self, reason: str, message: LazyString) -> None:
        super().__init__(message, status=503 if reason == "busy" else 422, code=reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason  # for logs: the code, so logging never needs an app context or a catalog


@dataclass(frozen=True)
class ProcessedImage:
    """The re-encoded variants; width/height are those of the "large" variant."""

    width: int
    height: int
    variants: dict[str, dict[str, bytes]]
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)
    source_format: str = ""


def _mb(num_bytes: int) -> str:
    return f"{max(num_bytes / (1024 * 1024), 0.1):.3g}"


def _too_large(max_bytes: int) -> ImageRejected:
    return ImageRejected(
        "too_large",
        _l("The photo is larger than %(mb)s MB. Please choose a smaller photo.", mb=_mb(max_bytes)),
    )


def _not_an_image() -> ImageRejected:
    return ImageRejected(
        "not_an_image",
        _l("This file is not a photo. Please choose a JPEG, PNG or WebP image."),
    )


def _unsupported_type() -> ImageRejected:
    return ImageRejected(
        "unsupported_type",
        _l("This type of image is not accepted. Please use a JPEG, PNG or WebP photo."),
    )


def _too_many_pixels(max_pixels: int) -> ImageRejected:
    return ImageRejected(
        "too_many_pixels",
        _l(
            "The photo has too many pixels (the limit is %(mp)s megapixels).",
            mp=f"{max_pixels / 1_000_000:.3g}",
        ),
    )


def _too_small(min_side: int) -> ImageRejected:
    return ImageRejected(
        "too_small",
        _l("The photo is too small. Each side must be at least %(px)s pixels.", px=min_side),
    )


def _busy() -> ImageRejected:
    return ImageRejected(
        "busy",
        _l("Many photos are being processed right now. Please try again in a minute."),
    )


def _corrupt() -> ImageRejected:
    return ImageRejected(
        "corrupt",
        _l("The photo file is damaged or incomplete. Please try uploading it again."),
    )


def _looks_like_other_image(data: bytes) -> bool:
    """Recognise common image types we refuse, only to pick a more helpful message."""
    head = data[:64]
    if head.startswith(_OTHER_IMAGE_MAGIC):
        return True
    if head.startswith(b"BM") and len(data) > 26:
        return True
    # HEIC/AVIF: what phones produce when the browser does not convert to JPEG.
    if head[4:8] == b"ftyp" and head[8:12] in {b"heic", b"heix", b"mif1", b"msf1", b"avif"}:
        return True
    text = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text)


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS)
    except UnidentifiedImageError:
        raise (_unsupported_type() if _looks_like_other_image(data) else _not_an_image()) from None
    if image.format not in _ACCEPTED_FORMATS:  # defensive: plugins can report other names
        raise _unsupported_type()
    return image


def _fit(image: Image.Image, cap: int) -> Image.Image:
    """Shrink so the long side is at most `cap`; never enlarge."""
    width, height = image.size
    scale = cap / max(width, height)
    if scale >= 1:
        return image
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _decode(data: bytes, max_pixels: int, min_side: int) -> Image.Image:
    """Open, check dimensions from the header, verify, then decode (at most once)."""
    probe = _open(data)
    width, height = probe.size
    # Dimensions come from the header: refuse bombs before a single pixel is decoded.
    if width * height > max_pixels:
        raise _too_many_pixels(max_pixels)
    if min(width, height) < min_side:
        raise _too_small(min_side)
    probe.verify()  # PNG: chunk CRCs; the image is unusable afterwards, hence the reopen.

    image = _open(data)
    cap = max(VARIANT_SIZES.values())
    if image.format in ("JPEG", "MPO") and max(width, height) > cap:
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a 12 MP phone photo then needs a
        # fraction of the memory, and we never output more than `cap` pixels anyway.
        scale = cap / max(width, height)
        image.draft(None, (math.ceil(width * scale), math.ceil(height * scale)))
    image.load()  # raises OSError on truncated data (LOAD_TRUNCATED_IMAGES is off)
    return image


def _apply_orientation(image: Image.Image) -> None:
    try:
        ImageOps.exif_transpose(image, in_place=True)
    except Exception:  # noqa: S110
        # A broken EXIF block must not cost the producer the upload; the worst outcome is
        # a sideways photo, which they can see and fix.
        pass


def _clean_rgb(image: Image.Image) -> Image.Image:
    """Return an RGB image capped to the largest variant, on a fresh canvas with no metadata."""
    if image.mode in ("I", "F") or image.mode.startswith("I;16"):
        # 16-bit greyscale PNG: a plain convert() would clip almost everything to white.
        image = image.point(lambda v: v / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    # Convert before resizing: palette images would otherwise be resized with NEAREST.
    work = _fit(image.convert("RGBA" if has_alpha else "RGB"), max(VARIANT_SIZES.values()))
    # A brand-new canvas carries no info/EXIF/GPS/ICC from the upload, whatever the encoder
    # would otherwise copy; transparent areas become white rather than black.
    canvas = Image.new("RGB", work.size, "white")
    canvas.paste(work, (0, 0), work if has_alpha else None)
    return canvas


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        # Progressive JPEG shows a blurry preview early on slow rural mobile connections.
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return buffer.getvalue()


def process_image(
    data: bytes,
    *,
    max_bytes: int = 8 * 1024 * 1024,
    max_pixels: int = MAX_PIXELS,
    min_side: int = 200,
) -> ProcessedImage:
    """Check an upload by its content and return re-encoded WebP + JPEG variants.

    Raises ImageRejected (reason "busy" when every image slot of this process stays taken);
    never trusts a filename, extension or declared content type.
    """
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    if not data:
        raise _not_an_image()
    try:
        with image_slot():
            return _process(data, max_pixels, min_side)
    except SlotsBusy:
        raise _busy() from None


def _process(data: bytes, max_pixels: int, min_side: int) -> ProcessedImage:

    # Pillow warns above Image.MAX_IMAGE_PIXELS and raises above twice that; make the warning
    # an error too, locally, instead of touching the global limit. catch_warnings is not
    # thread-safe, but a race only means a logged warning: our own max_pixels check (by
    # default well below Pillow's limit) still refuses the image before decoding.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = _decode(data, max_pixels, min_side)
            source_format = "JPEG" if image.format == "MPO" else str(image.format)
            _apply_orientation(image)
            base = _clean_rgb(image)
        except ImageRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
        except Exception:
            # Any other decoder failure on hostile or damaged input: refuse, don't crash.
            raise _corrupt() from None

    variants: dict[str, dict[str, bytes]] = {}
    sizes: dict[str, tuple[int, int]] = {}
    for name, cap in VARIANT_SIZES.items():
        resized = _fit(base, cap)
        sizes[name] = resized.size
        variants[name] = {fmt: _encode(resized, fmt) for fmt in VARIANT_FORMATS}
    width, height = sizes["large"]
    return ProcessedImage(width, height, variants, sizes, source_format)
