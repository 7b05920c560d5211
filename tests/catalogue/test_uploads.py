"""Photo uploads through the real routes: abusive files are refused with a clear message and leave nothing
behind; accepted photos are re-encoded, stripped of metadata and served under random names with nosniff."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from marketplace.catalogue.models import ProductPhoto
from marketplace.producers.models import ProducerPhoto
from tests import factories
from tests.conftest import csrf_token_from


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)}  # GPS position
    return factories.jpeg_bytes(exif=exif.tobytes())


ABUSE = {
    "HTML saved as .jpg": (b"<!doctype html><script>alert(document.cookie)</script>", "anh.jpg"),
    "text with a fake extension": (b"just some text, not a photo at all" * 20, "photo.png"),
    "SVG": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
        "logo.svg",
    ),
    "SVG renamed as .jpg": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.jpg"),
    "decompression bomb": (factories.png_bomb(), "bomb.png"),
    "GIF": (b"GIF89a" + b"\x00" * 200, "anim.gif"),
    "truncated JPEG": (factories.jpeg_bytes()[:600], "cut.jpg"),
}


def files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def send(client, path: str, *files):
    token = csrf_token_from(client.get(path).get_data(as_text=True))
    return client.post(
        path,
        data={"csrf_token": token, "photos": [(io.BytesIO(d), n) for d, n in files]},
        content_type="multipart/form-data",
    )


def photo_count(db) -> int:
    return db.session.scalar(select(func.count(ProductPhoto.id))) + db.session.scalar(
        select(func.count(ProducerPhoto.id))
    )


@pytest.fixture
def media(app):
    return Path(app.config["DATA_DIR"]) / "media"


@pytest.mark.parametrize("case", ABUSE)
def test_abusive_files_are_refused_and_nothing_is_kept(client, db, login, owner, producer, media, case):
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    before_files, before_rows = len(files_under(media)), photo_count(db)

    response = send(client, f"/manage/products/{product.id}/photos", ABUSE[case])

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="error" id="photos-error">{ABUSE[case][1]}: ' in page  # names the file and says why
    assert len(files_under(media)) == before_files and photo_count(db) == before_rows


def test_one_bad_file_refuses_the_whole_batch(client, db, login, owner, producer, media):
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    before = len(files_under(media))

    response = send(client, f"/manage/products/{product.id}/photos", (factories.jpeg_bytes(), "good.jpg"), ABUSE["SVG"])

    assert response.status_code == 422
    assert len(files_under(media)) == before and photo_count(db) == 0


def test_an_oversized_photo_is_refused_by_the_photo_limit(client, db, login, owner, producer, media, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAX_PHOTO_BYTES", 5_000)
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    big = factories.jpeg_bytes(size=(1200, 900))
    assert len(big) > 5_000

    response = send(client, f"/manage/products/{product.id}/photos", (big, "big.jpg"))

    assert response.status_code == 422
    assert "MB" in response.get_data(as_text=True)
    assert photo_count(db) == 0


def test_a_request_larger_than_the_site_allows_is_a_413(client, db, login, owner, producer, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50_000)
    product = factories.product(producer, published=False, commit=True)
    login(owner)

    response = send(client, f"/manage/products/{product.id}/photos", (b"\xff" * 80_000, "huge.jpg"))

    assert response.status_code == 413
    assert photo_count(db) == 0


def test_a_good_photo_is_re_encoded_without_its_metadata_and_served_safely(client, db, login, owner, producer, media):
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825), "the test photo carries a GPS position"

    response = send(client, f"/manage/products/{product.id}/photos", (original, "IMG_2041 nhà tôi.jpg"))

    assert response.status_code == 302
    [photo] = db.session.scalars(select(ProductPhoto).where(ProductPhoto.product_id == product.id))
    assert "IMG_2041" not in photo.storage_key and ".." not in photo.storage_key
    for variant, fmt, mimetype in (("large", "jpg", "image/jpeg"), ("thumb", "webp", "image/webp")):
        with client.get(f"/media/{photo.storage_key}/{variant}.{fmt}") as served:
            served.direct_passthrough = False
            data = served.get_data()
        assert served.status_code == 200 and served.mimetype == mimetype
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        image = Image.open(io.BytesIO(data))
        assert not image.getexif(), "EXIF (camera, GPS) must not survive"
        assert b"PhoneMaker" not in data


def test_photos_are_limited_to_eight_per_product(client, db, login, owner, producer):
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    assert (
        send(
            client,
            f"/manage/products/{product.id}/photos",
            *[(factories.jpeg_bytes(colour=(n * 20, 90, 90)), f"{n}.jpg") for n in range(8)],
        ).status_code
        == 302
    )

    response = send(client, f"/manage/products/{product.id}/photos", (factories.jpeg_bytes(), "ninth.jpg"))

    assert response.status_code == 422
    assert db.session.scalar(select(func.count(ProductPhoto.id)).where(ProductPhoto.product_id == product.id)) == 8


def test_another_producer_cannot_upload_to_or_delete_my_photos(client, db, login, make_user, producer):
    product = factories.product(producer, photo=True, commit=True)
    [photo] = product.photos
    login(make_user("producer"))

    assert client.get(f"/manage/products/{product.id}/photos").status_code == 403
    token = csrf_token_from(client.get("/account/").get_data(as_text=True))
    upload = client.post(
        f"/manage/products/{product.id}/photos",
        content_type="multipart/form-data",
        data={"csrf_token": token, "photos": [(io.BytesIO(factories.jpeg_bytes()), "x.jpg")]},
    )
    delete = client.post(
        f"/manage/products/{product.id}/photos/{photo.id}", data={"csrf_token": token, "action": "delete"}
    )
    assert upload.status_code == 403 and delete.status_code == 403
    assert photo_count(db) == 1


def test_deleting_a_photo_removes_its_files_after_the_commit(client, db, login, owner, producer, media):
    product = factories.product(producer, photo=True, commit=True)
    [photo] = product.photos
    key = photo.storage_key
    login(owner)
    with client.get(f"/media/{key}/medium.jpg") as before:
        assert before.status_code == 200

    token = csrf_token_from(client.get(f"/manage/products/{product.id}/photos").get_data(as_text=True))
    response = client.post(
        f"/manage/products/{product.id}/photos/{photo.id}", data={"csrf_token": token, "action": "delete"}
    )

    assert response.status_code == 302
    assert client.get(f"/media/{key}/medium.jpg").status_code == 404


def test_uploads_without_a_csrf_token_are_refused(client, db, login, owner, producer):
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    response = client.post(
        f"/manage/products/{product.id}/photos",
        content_type="multipart/form-data",
        data={"photos": [(io.BytesIO(factories.jpeg_bytes()), "x.jpg")]},
    )
    assert response.status_code == 400
    assert photo_count(db) == 0


@pytest.mark.parametrize("case", ["HTML saved as .jpg", "decompression bomb"])
def test_establishment_photos_get_the_same_checks(client, db, login, owner, producer, case):
    login(owner)
    response = send(client, f"/producers/{producer.id}/photos", ABUSE[case])
    assert response.status_code == 422
    assert photo_count(db) == 0
    assert send(client, f"/producers/{producer.id}/photos", (factories.jpeg_bytes(), "xuong.jpg")).status_code == 302
    assert photo_count(db) == 1


def test_the_management_page_shows_thumbnails_that_load(client, db, login, owner, producer):
    product = factories.product(producer, photo=True, commit=True)
    login(owner)

    page = client.get(f"/manage/products/{product.id}/photos").get_data(as_text=True)

    sources = re.findall(r'<(?:img src|source srcset)="(/media/[^"]+)"', page)
    assert len(sources) == 2
    for source in sources:
        with client.get(source) as served:
            assert served.status_code == 200, source
