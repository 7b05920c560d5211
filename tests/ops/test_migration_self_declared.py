"""Migration 0016_sec_content on existing rows: certificates a producer's own account could have entered
become self-declared; those of producers nobody signs in for (import, staff) or of the demo stay trusted."""

from datetime import date, timedelta

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from marketplace import create_app
from marketplace.accounts.models import User
from marketplace.catalogue import services
from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db
from tests import factories
from tests.support import database_url_for, dispose_engines

MIGRATIONS = str(PROJECT_ROOT / "migrations")


@pytest.fixture
def site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("migration-0016")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "migration-test-secret",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for("migration_0016", data_dir),
        }
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        yield app
        db.session.remove()
    dispose_engines(app)


def _ocop(product, stars: int) -> None:
    services.add_certification(product, "ocop", stars=stars, valid_until=date.today() + timedelta(days=300))


def test_existing_ocop_ratings_are_sorted_into_trusted_and_self_declared(site):
    member = User(email="chu@example.vn", display_name="Chủ cơ sở", password_hash="x", role="producer")
    demo_account = User(email="producer@demo.cnnt.vn", display_name="Demo", password_hash="x", role="producer")
    db.session.add_all([member, demo_account])
    db.session.flush()
    claimed = factories.producer(name="Cơ sở có tài khoản", commit=True)
    factories.member(claimed, member, commit=True)
    imported_only = factories.producer(name="Cơ sở do Trung tâm nhập", commit=True)
    demo = factories.producer(name="Cơ sở mẫu", email="lienhe07@demo.cnnt.vn", commit=True)
    factories.member(demo, demo_account, commit=True)
    products = {
        name: factories.product(producer, commit=True)
        for name, producer in (("claimed", claimed), ("imported", imported_only), ("demo", demo))
    }
    for product in products.values():
        _ocop(product, 5)
    db.session.commit()
    ids = {name: product.id for name, product in products.items()}
    db.session.remove()

    downgrade(directory=MIGRATIONS, revision="0015_sec_abuse")  # the schema and data before the fix
    db.session.execute(text("UPDATE products SET ocop_stars = 5"))  # as the old code kept it
    db.session.commit()
    upgrade(directory=MIGRATIONS)

    rows = dict(
        db.session.execute(
            text("SELECT p.id, c.verified FROM certifications c JOIN products p ON p.id = c.product_id")
        ).all()
    )
    stars = dict(db.session.execute(text("SELECT id, ocop_stars FROM products")).all())
    assert {name: bool(rows[pid]) for name, pid in ids.items()} == {"claimed": False, "imported": True, "demo": True}
    assert {name: stars[pid] for name, pid in ids.items()} == {"claimed": 0, "imported": 5, "demo": 5}
