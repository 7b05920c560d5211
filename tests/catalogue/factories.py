"""Producers, products and photos for tests, made through the area's own services (not raw rows)."""

import io
import struct
import zlib
from itertools import count

from PIL import Image

from marketplace.catalogue import photos, services
from marketplace.catalogue.models import Product
from marketplace.extensions import db
from marketplace.producers import services as producer_services

# Real, published tax codes: their check digits were not computed by the code under test.
VALID_TAX_CODES = ("0100109106", "0100112437", "0101243150", "0101248141", "0300588569")
_serial = count(1)


def png_bomb(width=20_000, height=20_000) -> bytes:
    """A tiny PNG whose header promises 400 megapixels (compressed zeros)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (width + 1) * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def jpeg_bytes(size=(640, 480), colour=(180, 120, 60), exif=None) -> bytes:
    image = Image.new("RGB", size, colour)
    image.paste((30, 90, 60), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def make_producer(created_by=None, commit=True, **fields):
    n = next(_serial)
    data = {"name": f"Hợp tác xã thử nghiệm {n}", "establishment_type": "cooperative", "province_code": "38",
            "email": f"coso{n}@example.vn", "phone": "0912 345 678", "representative": "Lê Thị Hoa",
            "address": "Thôn Đông", **fields}
    producer = producer_services.create_producer(data, created_by=created_by)
    if commit:
        db.session.commit()
    return producer


def make_product(producer, published=True, photo=False, commit=True, category=None, **fields) -> Product:
    n = next(_serial)
    data = {"code": f"SP-{n}", "name": f"Sản phẩm thử {n}", "group_number": 1, "price_vnd": 100_000,
            "unit": "chiếc", **fields}
    product = services.create_product(producer, data, category)
    if photo:
        photos.attach_photos(product, [photos.Upload("anh.jpg", jpeg_bytes())])
    if published:
        services.publish_product(product)
    db.session.flush()
    if commit:
        db.session.commit()
    return product


def add_member(producer, user):
    producer_services.add_member(producer, user)
    db.session.commit()
