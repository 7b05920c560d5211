"""The demo catalogue from `flask seed-demo`: big and varied enough to look like a real marketplace, with
photos on disk, loadable twice without duplicates."""

import re
from pathlib import Path

from sqlalchemy import func, select

from marketplace.accounts.services import find_by_email
from marketplace.catalogue.demo_producers import PRODUCERS
from marketplace.catalogue.models import PUBLISHED, Certification, Product, ProductPhoto
from marketplace.core.demo import DEMO_STEPS
from marketplace.media.storage import variant_path
from marketplace.producers.models import Producer, ProducerMember
from marketplace.producers.taxcode import is_valid_tax_code

DEMO_NAMES = [spec[0] for spec in PRODUCERS]


def counts(db) -> dict:
    db.session.expire_all()
    return {
        "producers": db.session.scalar(select(func.count(Producer.id))),
        "products": db.session.scalar(select(func.count(Product.id))),
        "photos": db.session.scalar(select(func.count(ProductPhoto.id))),
        "certifications": db.session.scalar(select(func.count(Certification.id))),
        "members": db.session.scalar(select(func.count(ProducerMember.id))),
    }


def test_the_demo_catalogue_is_believable_and_loads_twice_without_duplicates(app, db, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts(db)
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert counts(db) == after_first

    # Other areas' demo steps add a few producers of their own: judge the catalogue's.
    producers = list(db.session.scalars(select(Producer).where(Producer.name.in_(DEMO_NAMES))))
    published = list(
        db.session.scalars(
            select(Product).where(Product.status == PUBLISHED, Product.producer_id.in_([p.id for p in producers]))
        )
    )
    assert len(producers) == len(PRODUCERS)
    assert len(producers) >= 30 and len(published) >= 120
    provinces = {p.province.name for p in producers}
    assert len(provinces) >= 12 and "Thanh Hóa" in provinces
    assert {p.group_number for p in published} == {1, 2, 3, 4}
    assert all(is_valid_tax_code(p.tax_code) for p in producers)
    assert sum(p.featured for p in producers) >= 6
    assert all(p.name_en and p.description and p.description_en and p.unit for p in published)
    assert any(p.ocop_stars >= 4 for p in published) and any(p.price_vnd is None for p in published)
    assert any(p.commune_code for p in producers)


def test_the_demo_shows_its_photos_pages_and_the_demo_producer_s_dashboard(app, db, client, login):
    """One load (each load takes seconds) serves these checks of what a visitor and the demo producer see."""
    app.test_cli_runner().invoke(args=["seed-demo"])
    media = Path(app.config["DATA_DIR"]) / "media"

    products = list(
        db.session.scalars(
            select(Product).join(Producer).where(Product.status == PUBLISHED, Producer.name.in_(DEMO_NAMES))
        )
    )
    assert len(products) >= 120 and all(product.photos for product in products)
    for photo in {product.photos[0].storage_key: product.photos[0] for product in products}.values():
        assert variant_path(photo.storage_key, "thumb", "webp", media).is_file()
    with client.get(f"/media/{products[0].photos[0].storage_key}/thumb.jpg") as served:
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
    for path in (
        "/",
        "/products",
        "/products?province=thanh+hoa",
        "/producers",
        f"/products/{products[0].id}",
        f"/producers/{products[0].producer_id}",
        "/sitemap.xml",
        "/api/v1/products?per_page=100",
    ):
        assert client.get(path).status_code == 200, path

    login(find_by_email("producer@demo.cnnt.vn"))
    page = client.get("/producers/mine").get_data(as_text=True)
    assert "HTX Mây tre đan Phú Vinh" in page and "Ghế mây thư giãn" in page  # with an unfinished draft
    visitor = app.test_client()
    listing = re.sub(r"</?mark>", "", visitor.get("/products?q=ghe may thu gian").get_data(as_text=True))
    assert "Ghế mây thư giãn" not in listing  # the draft is not public (other products may match some words)


def test_the_catalogue_step_runs_before_the_steps_that_build_on_it_whatever_the_import_order(app):
    """Test collection imports some areas' demo modules before the app exists, so registration order varies."""
    order = [step.__module__ for step in sorted(DEMO_STEPS, key=lambda step: step.demo_order)]
    assert order[:2] == ["marketplace.core.demo", "marketplace.catalogue.demo"]
