"""Access rules of the catalogue: public listing and product pages, product management."""

from sqlalchemy import select

from marketplace.catalogue import services
from marketplace.catalogue.imports.models import ImportJob
from marketplace.catalogue.models import DRAFT, PUBLISHED, Product, ProductPhoto
from marketplace.extensions import db
from tests.hardening.access_rules import NOBODY, OWNER_OR_STAFF, PUBLIC, STAFF, access, demo_lookup, world_builder
from tests.hardening.access_rules.producers import stored_photo_key


@world_builder(order=30)
def products(world) -> None:
    """A published product of the owner's producer (photo, certificate) and a draft one."""
    world.product = services.create_product(
        world.producer, {"code": "SW-1", "name": "Bình gốm Sweep", "group_number": 1}
    )
    services.publish_product(world.product)
    world.draft_product = services.create_product(
        world.producer, {"code": "SW-2", "name": "Nháp Sweep", "group_number": 1}
    )
    world.product_photo = ProductPhoto(
        product=world.product, storage_key=stored_photo_key(), width=320, height=240, position=0
    )
    db.session.add(world.product_photo)
    world.product_certification = services.add_certification(world.product, "vietgap", number="V-1")
    world.import_job = ImportJob(
        created_by_id=world.users["organiser"].id, filename="danh-sach.csv", status="done", report=[]
    )
    db.session.add(world.import_job)
    db.session.flush()


@demo_lookup(order=30)
def demo_products(world) -> None:
    """The demo producer's products (published with photos and certificates, and a draft)."""
    products = list(db.session.scalars(select(Product).where(Product.producer_id == world.producer.id)))
    published = [p for p in products if p.status == PUBLISHED and p.photos and p.certifications]
    if published:
        world.product = published[0]
        world.product_photo, world.product_certification = published[0].photos[0], published[0].certifications[0]
    drafts = [p for p in products if p.status == DRAFT]
    if drafts:
        world.draft_product = drafts[0]


def _product_id(w) -> dict:
    return {"product_id": w.product.id}


RULES = [
    access("catalogue.products", PUBLIC),
    access("catalogue.sitemap", PUBLIC),
    # The catalogue API and robots.txt.
    access("catalogue.robots", PUBLIC),
    access("catalogue.placeholder", PUBLIC, args=lambda w: {"group": 1, "fmt": "jpg"}),
    access("api.products", PUBLIC),
    access("api.search_suggestions", PUBLIC, args=lambda w: {"q": "gom"}),
    access("api.product", PUBLIC, args=lambda w: {"id": w.product.id}),
    access("api.product", NOBODY, case="draft", args=lambda w: {"id": w.draft_product.id}),
    access("api.producer", PUBLIC, args=lambda w: {"id": w.producer.id}),
    access("api.producer", NOBODY, case="unpublished", args=lambda w: {"id": w.hidden_producer.id}),
    access("catalogue.product", PUBLIC, args=lambda w: {"product_id": w.product.id, "slug": w.product.slug}),
    access(
        "catalogue.product",
        OWNER_OR_STAFF,
        case="draft",
        args=lambda w: {"product_id": w.draft_product.id, "slug": w.draft_product.slug},
    ),
    access("catalogue.product_create", OWNER_OR_STAFF, args=lambda w: {"producer": w.producer.id}),
    access("catalogue.product_edit", OWNER_OR_STAFF, args=_product_id),
    access("catalogue.product_publish", OWNER_OR_STAFF, args=_product_id),
    access("catalogue.product_unpublish", OWNER_OR_STAFF, args=_product_id),
    access("catalogue.product_archive", OWNER_OR_STAFF, args=_product_id),
    access("catalogue.product_photos", OWNER_OR_STAFF, args=_product_id),
    access(
        "catalogue.product_photo_action",
        OWNER_OR_STAFF,
        args=lambda w: {"product_id": w.product.id, "photo_id": w.product_photo.id},
    ),
    access("catalogue.product_certifications", OWNER_OR_STAFF, args=_product_id),
    access("catalogue.imports", STAFF),
    access("catalogue.import_new", STAFF),
    access("catalogue.import_job", STAFF, args=lambda w: {"job_id": w.import_job.id}),
    access("catalogue.import_report", STAFF, args=lambda w: {"job_id": w.import_job.id}),
    access("catalogue.import_template", STAFF),
    # A kept file that is not there: staff get 410 (upload again), everyone else 403 before any lookup.
    access("catalogue.import_kept", STAFF, args=lambda w: {"kept_id": "f" * 32}),
    access(
        "catalogue.product_certification_delete",
        OWNER_OR_STAFF,
        args=lambda w: {"product_id": w.product.id, "certification_id": w.product_certification.id},
    ),
    # Only staff vouch for a certificate: its own producer's account may not (issue 13, item 6).
    access(
        "catalogue.product_certification_verify",
        STAFF,
        args=lambda w: {"product_id": w.product.id, "certification_id": w.product_certification.id},
    ),
]
