"""Access rules of producer profiles: public pages, the producer's own tools, the centre's tools."""

from io import BytesIO

from flask import current_app
from PIL import Image
from sqlalchemy import select

from marketplace.accounts.services import find_by_email
from marketplace.catalogue.models import Certification
from marketplace.catalogue.services import add_certification
from marketplace.extensions import db
from marketplace.media.images import process_image
from marketplace.media.storage import store_image
from marketplace.producers import services
from marketplace.producers.models import ProducerPhoto
from marketplace.producers.permissions import producers_of
from tests.hardening.access_rules import (
    OWNER_OR_STAFF,
    PRODUCERS_OR_STAFF,
    PUBLIC,
    STAFF,
    access,
    demo_lookup,
    world_builder,
)

_PROCESSED: dict = {}


def stored_photo_key() -> str:
    """A real stored photo (every variant on disk), so media URLs answer 200 to those allowed."""
    if "image" not in _PROCESSED:  # encoding every variant is slow: once per run
        buffer = BytesIO()
        Image.new("RGB", (320, 240), (180, 120, 60)).save(buffer, "JPEG")
        _PROCESSED["image"] = process_image(buffer.getvalue())
    return store_image(_PROCESSED["image"], current_app.config["DATA_DIR"] / "media")


def _producer(name: str, tax_code: str, member, published: bool = True):
    producer = services.create_producer(
        {"name": name, "establishment_type": "cooperative", "province_code": "01", "tax_code": tax_code},
        created_by=member,
    )
    producer.is_published = published
    return producer


@world_builder(order=20)
def producers(world) -> None:
    """The owner's producer (with a photo and a certificate), another producer's, an unpublished one."""
    world.producer = _producer("HTX Gốm Quét Sweep", None, world.users["producer"])
    world.other = _producer("HTX Khác Sweep", None, world.users["other_producer"])
    world.hidden_producer = _producer("Cơ sở chưa công bố", None, world.users["producer"], published=False)
    world.producer_photo = ProducerPhoto(
        producer=world.producer, storage_key=stored_photo_key(), width=320, height=240, position=0
    )
    db.session.add(world.producer_photo)
    world.producer_certification = add_certification(world.producer, "haccp", number="H-1")
    db.session.flush()


@demo_lookup(order=20)
def demo_producer(world) -> None:
    """The demo producer account and its establishment, when `seed-demo` made them."""
    user = find_by_email("producer@demo.cnnt.vn")
    mine = [p for p in producers_of(user) if p.is_published] if user else []
    if not mine:
        return
    # The sweep's owner account acts for the demo producer too, so it owns both the demo's objects
    # and those the other areas' builders made for the sweep's producer.
    services.add_member(mine[0], world.users["producer"], how="added")
    world.producer = mine[0]
    if mine[0].photos:
        world.producer_photo = mine[0].photos[0]
    certificate = db.session.scalars(select(Certification).where(Certification.producer_id == mine[0].id)).first()
    if certificate:
        world.producer_certification = certificate


def _producer_id(w) -> dict:
    return {"producer_id": w.producer.id}


RULES = [
    access("producers.directory", PUBLIC),
    access("producers.detail", PUBLIC, args=_producer_id),
    access(
        "producers.detail", OWNER_OR_STAFF, case="unpublished", args=lambda w: {"producer_id": w.hidden_producer.id}
    ),
    access("producers.communes_json", PUBLIC, args=lambda w: {"province": "01"}),
    access("producers.create", PRODUCERS_OR_STAFF),
    access("producers.mine", PRODUCERS_OR_STAFF),
    access("producers.edit", OWNER_OR_STAFF, args=_producer_id),
    access("producers.photos", OWNER_OR_STAFF, args=_producer_id),
    access(
        "producers.photo_action",
        OWNER_OR_STAFF,
        args=lambda w: {"producer_id": w.producer.id, "photo_id": w.producer_photo.id},
    ),
    access("producers.certifications", OWNER_OR_STAFF, args=_producer_id),
    access(
        "producers.certification_delete",
        OWNER_OR_STAFF,
        args=lambda w: {"producer_id": w.producer.id, "certification_id": w.producer_certification.id},
    ),
    access("producers.staff_list", STAFF),
    access("producers.staff_detail", STAFF, args=_producer_id),
    access("producers.record_check", STAFF, args=_producer_id),
    access("producers.toggle_featured", STAFF, args=_producer_id),
    access("producers.add_member", STAFF, args=_producer_id),
]
