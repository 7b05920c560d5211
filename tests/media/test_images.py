"""Tests for photo validation, re-encoding and storage; every test image is generated here."""

import io
import os
import re
import stat
import struct
import zlib
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel
from PIL import ExifTags, Image, ImageFile

from marketplace.media.images import ImageRejected, ProcessedImage, process_image
from marketplace.media.storage import (
    InvalidStorageKey,
    delete_image,
    store_image,
    variant_name,
    variant_path,
)

CAPS = {"thumb": 320, "medium": 800, "large": 1600}


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def noisy(size=(640, 480), mode="RGB") -> Image.Image:
    # Noise defeats compression, so truncating the file really cuts into pixel data.
    channels = len(mode)
    return Image.frombytes(mode, size, os.urandom(size[0] * size[1] * channels))


def split_colours(size=(400, 240)) -> Image.Image:
    """Left half red, right half blue: makes rotations easy to see."""
    image = Image.new("RGB", size, (255, 0, 0))
    image.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
    return image


def reject_reason(data: bytes, **limits) -> str:
    with pytest.raises(ImageRejected) as caught:
        process_image(data, **limits)
    return caught.value.reason


def decoded(result: ProcessedImage, size: str, fmt: str) -> Image.Image:
    image = Image.open(io.BytesIO(result.variants[size][fmt]))
    image.load()
    return image


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of all zeros: megapixels on paper, kilobytes on disk."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed bits
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


# --- accepted input ---------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "expected"), [("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WEBP"), ("MPO", "JPEG")])
def test_valid_photos_are_reencoded_in_every_variant(fmt, expected):
    params = {"save_all": True, "append_images": [noisy()]} if fmt == "MPO" else {}
    data = encode(noisy(), fmt, **params)

    result = process_image(data)

    assert result.source_format == expected
    assert (result.width, result.height) == (640, 480)
    assert set(result.variants) == {"thumb", "medium", "large"}
    for size, formats in result.variants.items():
        assert set(formats) == {"webp", "jpeg"}
        assert decoded(result, size, "webp").format == "WEBP"
        jpeg = decoded(result, size, "jpeg")
        assert jpeg.format == "JPEG" and jpeg.mode == "RGB"
        assert jpeg.info.get("progressive") or jpeg.info.get("progression")
        assert result.variants[size]["jpeg"] != data  # always re-encoded, never passed through


@pytest.mark.parametrize(
    ("mode", "fmt"),
    [
        ("RGBA", "PNG"),
        ("LA", "PNG"),
        ("P", "PNG"),
        ("L", "PNG"),
        ("1", "PNG"),
        ("I;16", "PNG"),
        ("CMYK", "JPEG"),
        ("L", "JPEG"),
        ("RGBA", "WEBP"),
    ],
)
def test_other_colour_modes_become_rgb(mode, fmt):
    data = encode(Image.new(mode, (300, 300)), fmt)
    result = process_image(data)
    for size in CAPS:
        assert decoded(result, size, "jpeg").mode == "RGB"
        assert decoded(result, size, "webp").mode == "RGB"


def test_transparency_is_flattened_on_white():
    image = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    image.paste((0, 128, 0, 255), (0, 0, 150, 300))
    result = process_image(encode(image, "PNG"))
    jpeg = decoded(result, "large", "jpeg")
    assert all(channel > 245 for channel in jpeg.getpixel((250, 150)))  # was transparent
    red, green, blue = jpeg.getpixel((50, 150))
    assert green > 100 and red < 30 and blue < 30


def test_palette_transparency_is_flattened_on_white():
    image = Image.new("P", (300, 300), 0)
    image.putpalette([0, 0, 0, 255, 0, 0])
    data = encode(image, "PNG", transparency=0)
    jpeg = decoded(process_image(data), "large", "jpeg")
    assert all(channel > 245 for channel in jpeg.getpixel((10, 10)))


def test_variants_respect_their_caps_and_keep_the_aspect_ratio():
    result = process_image(encode(noisy((4000, 3000)), "JPEG", quality=70))

    assert result.sizes == {"large": (1600, 1200), "medium": (800, 600), "thumb": (320, 240)}
    assert (result.width, result.height) == (1600, 1200)
    for size, cap in CAPS.items():
        for fmt in ("webp", "jpeg"):
            image = decoded(result, size, fmt)
            assert image.size == result.sizes[size]
            assert max(image.size) <= cap


def test_small_photos_are_not_enlarged():
    result = process_image(encode(noisy((500, 250)), "PNG"))
    assert result.sizes == {"large": (500, 250), "medium": (500, 250), "thumb": (320, 160)}


def test_png_is_detected_by_content_whatever_the_name():
    # There is no filename parameter at all: a PNG uploaded as "photo.jpg" is still a PNG.
    assert process_image(encode(noisy(), "PNG")).source_format == "PNG"


# --- metadata -----------------------------------------------------------------------------


def gps_jpeg(orientation: int = 1, image: Image.Image | None = None) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "CheapPhone"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 50.0, 0.0)}
    return encode(image or noisy(), "JPEG", exif=exif, quality=90)


def test_exif_and_gps_are_removed():
    data = gps_jpeg()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # sanity

    result = process_image(data)

    for size in CAPS:
        for fmt in ("webp", "jpeg"):
            blob = result.variants[size][fmt]
            image = decoded(result, size, fmt)
            assert not image.getexif()
            assert "exif" not in image.info and "icc_profile" not in image.info
            assert b"Exif" not in blob and b"EXIF" not in blob and b"CheapPhone" not in blob


def test_exif_orientation_is_applied():
    # Orientation 6: stored landscape, shown rotated 90 degrees clockwise (portrait).
    data = gps_jpeg(orientation=6, image=split_colours((400, 240)))

    result = process_image(data)

    assert (result.width, result.height) == (240, 400)
    image = decoded(result, "large", "jpeg")
    top, bottom = image.getpixel((120, 40)), image.getpixel((120, 360))
    assert top[0] > 200 and top[2] < 60  # the red left half is now on top
    assert bottom[2] > 200 and bottom[0] < 60


# --- refused input --------------------------------------------------------------------------


def test_oversized_file_is_refused_before_anything_else():
    assert reject_reason(b"\xff\xd8" + b"\x00" * (8 * 1024 * 1024)) == "too_large"
    assert reject_reason(encode(noisy(), "PNG"), max_bytes=10_000) == "too_large"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"Just some notes about my rice paper, saved as photo.jpg\n",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",  # HTML saved as .jpg
        b"%PDF-1.4\n1 0 obj<<>>endobj\n",
    ],
)
def test_non_images_are_refused(data):
    assert reject_reason(data) == "not_an_image"


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        encode(noisy(), "GIF"),
        encode(noisy(), "BMP"),
        encode(noisy(), "TIFF"),
    ],
    ids=["svg", "svg-xml", "gif", "bmp", "tiff"],
)
def test_other_image_types_are_refused(data):
    assert reject_reason(data) == "unsupported_type"


def test_truncated_jpeg_is_refused():
    data = encode(noisy(), "JPEG", quality=90)
    assert reject_reason(data[: len(data) // 2]) == "corrupt"


def test_truncated_png_is_refused():
    data = encode(noisy(), "PNG")
    assert reject_reason(data[: len(data) // 2]) in {"corrupt", "not_an_image"}


def test_png_with_bad_checksum_is_refused():
    data = bytearray(encode(noisy(), "PNG"))
    data[-30] ^= 0xFF  # inside the last IDAT chunk
    assert reject_reason(bytes(data)) == "corrupt"


@pytest.mark.parametrize("size", [(100, 100), (1000, 150), (150, 1000)])
def test_too_small_images_are_refused(size):
    assert reject_reason(encode(Image.new("RGB", size), "PNG")) == "too_small"


@pytest.mark.parametrize(
    "size",
    [
        (8000, 6000),  # 48 MP: over our limit, under Pillow's own
        (10000, 10000),  # 100 MP: Pillow warns (an error under pytest) -> still ours
        (20000, 20000),  # 400 MP: Pillow raises DecompressionBombError -> still ours
    ],
)
def test_decompression_bombs_are_refused_without_decoding(size, monkeypatch):
    data = bomb_png(*size)
    assert len(data) < 200_000  # tiny on disk

    def no_decoding(self):
        raise AssertionError("pixel data must not be decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    before = Image.MAX_IMAGE_PIXELS

    assert reject_reason(data) == "too_many_pixels"
    assert Image.MAX_IMAGE_PIXELS == before  # the global limit was not touched


def test_pixel_limit_is_configurable():
    assert reject_reason(encode(noisy(), "PNG"), max_pixels=100_000) == "too_many_pixels"


def test_messages_are_lazy_and_render_in_an_app():
    with pytest.raises(ImageRejected) as caught:
        process_image(b"x" * 20, max_bytes=10)
    assert str(caught.value) == "too_large"  # no app context needed for logging

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        with pytest.raises(ImageRejected) as caught:
            process_image(b"x" * (8 * 1024 * 1024 + 1))
        assert "8 MB" in str(caught.value.message)
        with pytest.raises(ImageRejected) as caught:
            process_image(encode(Image.new("RGB", (50, 50)), "PNG"))
        assert "200 pixels" in str(caught.value.message)


# --- storage --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def processed() -> ProcessedImage:
    return process_image(encode(noisy((900, 600)), "JPEG"))


def test_store_writes_every_variant_under_a_random_name(tmp_path: Path, processed):
    key = store_image(processed, tmp_path)
    other = store_image(processed, tmp_path)

    assert key != other
    assert re.fullmatch(r"[A-Za-z0-9_-]{2}/[A-Za-z0-9_-]{22}", key)
    assert key.split("/")[1].startswith(key.split("/")[0])
    for size in CAPS:
        for fmt, ext in (("webp", "webp"), ("jpeg", "jpg")):
            path = variant_path(key, size, fmt, tmp_path)
            assert path == (tmp_path / f"{key}_{size}.{ext}").resolve()
            assert variant_name(key, size, fmt) == f"{key}_{size}.{ext}"
            assert path.read_bytes() == processed.variants[size][fmt]
            assert stat.S_IMODE(path.stat().st_mode) == 0o644  # readable by the web server
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_delete_removes_every_variant_and_is_idempotent(tmp_path: Path, processed):
    key = store_image(processed, tmp_path)
    kept = store_image(processed, tmp_path)

    delete_image(key, tmp_path)
    delete_image(key, tmp_path)

    gone = [variant_path(key, s, f, tmp_path) for s in CAPS for f in ("webp", "jpeg")]
    assert not any(path.exists() for path in gone)
    assert variant_path(kept, "thumb", "webp", tmp_path).exists()


@pytest.mark.parametrize(
    "key",
    [
        "../etc/passwd",
        "ab/../../../etc/passwd",
        "/etc/passwd",
        "..\\..\\windows",
        "ab/abcdefghijklmnopqrstu/",
        "ab/abcdefghijklmnopqrstuv/../../x",
        "ab/Xbcdefghijklmnopqrstuv",  # prefix does not match the token
        "ab/abcdefghijklmnopqrst.v",
        "",
        None,
    ],
)
def test_traversal_and_malformed_keys_are_refused(tmp_path: Path, key):
    with pytest.raises(InvalidStorageKey):
        variant_path(key, "thumb", "webp", tmp_path)
    with pytest.raises(InvalidStorageKey):
        delete_image(key, tmp_path)


def test_unknown_variants_are_refused(tmp_path: Path):
    key = "ab/abcdefghijklmnopqrstuv"
    assert variant_path(key, "thumb", "webp", tmp_path).name == "abcdefghijklmnopqrstuv_thumb.webp"
    for size, fmt in (("huge", "webp"), ("thumb", "gif"), ("thumb/../..", "webp")):
        with pytest.raises(InvalidStorageKey):
            variant_path(key, size, fmt, tmp_path)
