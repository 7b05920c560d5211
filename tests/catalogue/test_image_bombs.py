"""Image bombs and upload floods through the real routes: photos over 16 MP are refused before decoding,
a busy process answers 503 instead of piling decodes up, and each account's uploads are rate-limited."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.catalogue.models import ProductPhoto
from marketplace.media.slots import image_slot
from marketplace.producers.models import ProducerPhoto
from tests import factories
from tests.catalogue.test_uploads import files_under, photo_count, send
from tests.conftest import csrf_token_from
from tests.media.test_images import bomb_png

TOO_MANY_PIXELS_VI = "Ảnh có quá nhiều điểm ảnh"


@pytest.fixture
def media(app):
    return Path(app.config["DATA_DIR"]) / "media"


@pytest.fixture(scope="module")
def bomb():
    data = bomb_png(6320, 6320)  # the 40 MP PNG of the security test: a few KB on disk
    assert len(data) < 200_000
    return data


def test_a_6320_pixel_square_png_is_refused_as_a_product_photo(client, db, login, owner, producer, media, bomb):
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    before = len(files_under(media))

    response = send(client, f"/manage/products/{product.id}/photos", (bomb, "bom.png"))

    assert response.status_code == 422
    assert TOO_MANY_PIXELS_VI in response.get_data(as_text=True)
    assert "16 megapixel" in response.get_data(as_text=True)
    assert len(files_under(media)) == before and photo_count(db) == 0


def test_a_6320_pixel_square_png_is_refused_as_a_producer_photo(client, db, login, owner, producer, media, bomb):
    login(owner)
    before = len(files_under(media))

    response = send(client, f"/producers/{producer.id}/photos", (bomb, "bom.png"))

    assert response.status_code == 422
    assert TOO_MANY_PIXELS_VI in response.get_data(as_text=True)
    assert len(files_under(media)) == before
    assert db.session.scalar(select(func.count(ProducerPhoto.id))) == 0


def test_a_16_megapixel_photo_is_still_accepted(client, db, login, owner, producer):
    product = factories.product(producer, published=False, commit=True)
    login(owner)

    response = send(client, f"/manage/products/{product.id}/photos", (bomb_png(4000, 4000), "lon.png"))

    assert response.status_code == 302
    assert photo_count(db) == 1


def test_when_every_image_slot_is_taken_the_upload_is_told_to_come_back(
    client, db, login, owner, producer, media, app, monkeypatch
):
    monkeypatch.setitem(app.config, "IMAGE_WORK_SLOTS", 2)
    monkeypatch.setitem(app.config, "IMAGE_SLOT_WAIT_SECONDS", 0.05)
    product = factories.product(producer, published=False, commit=True)
    login(owner)
    page = f"/manage/products/{product.id}/photos"
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    before = len(files_under(media))

    with image_slot(), image_slot():  # two uploads being decoded in other threads of this process
        response = client.post(
            page,
            data={"csrf_token": token, "photos": [(io.BytesIO(factories.jpeg_bytes()), "a.jpg")]},
            content_type="multipart/form-data",
        )

    assert response.status_code == 503
    assert "Nhiều ảnh đang được xử lý" in response.get_data(as_text=True)
    assert len(files_under(media)) == before and photo_count(db) == 0
    assert send(client, page, (factories.jpeg_bytes(), "a.jpg")).status_code == 302  # slots free again: accepted


def test_uploads_beyond_the_account_allowance_get_a_429(client, db, login, owner, producer, app, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_RATE_LIMIT", "3 per hour")
    first, second = (
        factories.product(producer, published=False, commit=True),
        factories.product(producer, published=False, commit=True),
    )
    login(owner)

    two = send(
        client,
        f"/manage/products/{first.id}/photos",
        (factories.jpeg_bytes(), "1.jpg"),
        (factories.jpeg_bytes(), "2.jpg"),
    )
    one = send(client, f"/producers/{producer.id}/photos", (factories.jpeg_bytes(), "3.jpg"))
    refused = send(client, f"/manage/products/{second.id}/photos", (factories.jpeg_bytes(), "4.jpg"))

    assert (two.status_code, one.status_code) == (302, 302)  # files count, across every upload form
    assert refused.status_code == 429
    assert "tải lên nhiều tệp" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProductPhoto.id)).where(ProductPhoto.product_id == second.id)) == 0
