"""The catalogue's writes as one unit of work, and its refusals as rule errors (issue 16): nothing is
committed by hand, files follow the commit, a code taken meanwhile is refused as the rule says."""

from pathlib import Path

import pytest
from sqlalchemy import select

from marketplace.api.catalogue import BadParameter
from marketplace.catalogue import photos, services
from marketplace.catalogue.models import Certification, Product
from marketplace.core.rules import RuleError
from marketplace.media.images import ImageRejected
from marketplace.media.pdf import AttachmentRejected
from marketplace.producers.services import ProducerError
from tests import factories
from tests.accounts.helpers import field_error, submit
from tests.conftest import csrf_token_from
from tests.factories import jpeg_bytes


def test_the_area_refusals_are_rule_errors_that_keep_their_field_and_status():
    product = services.ProductError("no", "code")
    busy_photo = photos.PhotoError("busy", "anh.jpg", 503)
    busy_image = ImageRejected("busy", "later")
    bad_parameter = BadParameter(400, "'page' must be a whole number.")

    for error in (
        product,
        ProducerError("no", "tax_code"),
        busy_photo,
        busy_image,
        AttachmentRejected("not_a_pdf", "no"),
        bad_parameter,
    ):
        assert isinstance(error, RuleError)
    assert (product.field, product.status, product.code) == ("code", 422, "unprocessable")
    assert (busy_photo.field, busy_photo.status, busy_photo.filename) == ("photos", 503, "anh.jpg")
    assert str(busy_photo) == "anh.jpg: busy"
    assert (busy_image.status, busy_image.code, str(busy_image)) == (503, "busy", "busy")
    assert (bad_parameter.status, bad_parameter.code) == (400, "bad_request")


def test_a_product_code_taken_meanwhile_is_refused_by_the_unique_index(db, producer, monkeypatch):
    """Two requests at once both find the code free; the second one's write gets the rule's refusal,
    and the first product is untouched (the savepoint undid only the refused write)."""
    first = factories.product(producer, code="PV-01", name="Giỏ mây", commit=True)
    looked_up = []

    def missed_once(producer_id, code, product):  # the second request looked before the first wrote
        looked_up.append(code)
        return False if len(looked_up) == 1 else real(producer_id, code, product)

    real = services._code_taken
    monkeypatch.setattr(services, "_code_taken", missed_once)

    with pytest.raises(services.ProductError) as refused:
        services.create_product(producer, {"code": "PV-01", "name": "Giỏ cói", "group_number": 1})

    assert refused.value.field == "code" and len(looked_up) == 2
    db.session.expire_all()
    assert [p.name for p in db.session.scalars(select(Product).where(Product.producer_id == producer.id))] == [
        first.name
    ]


def test_a_removed_photo_keeps_its_files_until_the_commit(app, db, producer):
    product = factories.product(producer, published=False, commit=True)
    [photo] = photos.attach_photos(product, [photos.Upload("anh.jpg", jpeg_bytes())])
    db.session.commit()
    root = Path(app.config["DATA_DIR"]) / "media"
    stored = [path for path in root.rglob("*") if path.is_file() and photo.storage_key.split("/")[-1] in path.name]
    assert stored

    photos.discard_unused_files([photos.remove_photo(photo)])
    assert all(path.exists() for path in stored)  # not yet: the unit of work may still roll back
    db.session.rollback()
    assert all(path.exists() for path in stored)  # rolled back: the row is back, so are its files

    db.session.expire_all()
    photo = db.session.get(Product, product.id).photos[0]
    photos.discard_unused_files([photos.remove_photo(photo)])
    db.session.commit()
    assert not any(path.exists() for path in stored)


def test_verifying_a_certificate_twice_is_refused_on_the_page_with_422(client, db, login, make_user, producer):
    product = factories.product(producer, commit=True)
    certification = services.add_certification(product, "vietgap", number="V-1", granted=True)
    db.session.commit()
    login(make_user("organiser"))
    page = f"/manage/products/{product.id}/certifications"
    token = csrf_token_from(client.get(page).get_data(as_text=True))

    response = client.post(f"{page}/{certification.id}/verify", data={"csrf_token": token})

    assert response.status_code == 422
    assert 'class="error-summary refusal"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Certification, certification.id).verified


def test_a_refused_product_form_writes_nothing(client, db, login, owner, producer):
    """The edit is refused (a code the producer already uses): 422, and the product keeps its name."""
    factories.product(producer, code="PV-01", name="Giỏ mây", commit=True)
    other = factories.product(producer, code="PV-02", name="Nón lá", commit=True)
    login(owner)

    response = submit(
        client,
        f"/manage/products/{other.id}/edit",
        {"code": "PV-01", "name": "Nón lá đổi tên", "kind": "product", "group_number": "1", "price": "100.000"},
    )

    assert response.status_code == 422 and field_error(response, "code")
    db.session.expire_all()
    assert db.session.get(Product, other.id).name == "Nón lá"
