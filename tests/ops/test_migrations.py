"""Migrations: one head, an empty database upgrades to it and then matches the models exactly, and
every downgrade, run on a populated database and upgraded again, loses no row of any table it does
not own."""

import warnings
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from marketplace import create_app
from marketplace.config import PROJECT_ROOT
from marketplace.extensions import db
from marketplace.ops.dbdump import fingerprint
from tests.hardening.sweep import build_world
from tests.support import database_url_for, dispose_engines

MIGRATIONS = str(PROJECT_ROOT / "migrations")


def script() -> ScriptDirectory:
    config = Config(str(Path(MIGRATIONS) / "alembic.ini"))
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config)


@pytest.fixture(scope="module")
def empty_site(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("migrations")
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "migration-test-secret",
            "DATA_DIR": data_dir,
            "SQLALCHEMY_DATABASE_URI": database_url_for("migrations", data_dir),
        }
    )
    yield app
    dispose_engines(app)


def test_the_migrations_have_a_single_head():
    heads = script().get_heads()

    assert len(heads) == 1, f"several heads {heads}: set down_revision of the newest to the previous head"


def test_an_empty_database_upgrades_to_the_head(empty_site):
    with empty_site.app_context():
        upgrade(directory=MIGRATIONS)
        revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.remove()

    assert revision == script().get_current_head()


# The PostgreSQL search backend's tables are plain SQL of its own (tsvector columns, trigram index),
# made by migration 0011_search on PostgreSQL only and deliberately not ORM models.
SEARCH_TABLES = {"search_documents", "search_words", "search_state"}


# Indexes on an expression (the newest products: coalesce(published_at, created_at)) cannot be
# reflected on SQLite, so autogenerate cannot compare them; test_expression_indexes_exist checks them.
EXPRESSION_INDEXES = {"ix_products_status_newest"}


def _not_search_backend(obj, name, type_, _reflected, _compare_to) -> bool:
    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    table = obj.table.name if type_ in ("index", "column", "unique_constraint", "foreign_key_constraint") else name
    return table not in SEARCH_TABLES


def test_the_migrated_schema_matches_the_models(empty_site):
    """A model changed without its migration (a column, a type, an index, a constraint) shows here,
    as `flask db migrate` would see it."""
    with empty_site.app_context():
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "include_object": _not_search_backend,
                },
            )
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
                warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
                differences = compare_metadata(context, db.metadata)
        db.session.remove()

    assert differences == [], "the models and the migrations differ; write the migration: " + "\n".join(
        map(str, differences)
    )


def test_expression_indexes_exist(empty_site):
    with empty_site.app_context():
        upgrade(directory=MIGRATIONS)
        if db.engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        else:
            query = "SELECT indexname FROM pg_indexes"
        found = set(db.session.execute(text(query)).scalars())
        db.session.remove()

    assert EXPRESSION_INDEXES <= found


def test_each_downgrade_then_upgrade_keeps_every_other_tables_rows(empty_site):
    """From the head down to the first revision, on a database filled by every area's sweep world:
    downgrade one revision, then upgrade to the head again. Every table that outlives the downgrade
    has the same rows (count and checksum) afterwards; only the revision's own tables start empty.
    (A data migration such as 0003 may empty its tables on the way down: its upgrade refills them.)"""
    with empty_site.app_context():
        upgrade(directory=MIGRATIONS)
        build_world()
        db.session.remove()
        revisions = list(script().walk_revisions())  # head first
        assert fingerprint(db.engine)["producers"]["rows"] > 0
        for revision in revisions[:-1]:  # the first revision's downgrade leaves no table to compare
            before = fingerprint(db.engine)
            downgrade(directory=MIGRATIONS, revision=revision.down_revision)
            kept = set(fingerprint(db.engine)) - {"alembic_version"}
            upgrade(directory=MIGRATIONS)
            after = fingerprint(db.engine)
            assert set(after) == set(before), f"tables differ after {revision.revision} down and up"
            lost = sorted(n for n in kept if after[n] != before[n])
            assert not lost, f"rows changed in {lost} by the downgrade of {revision.revision} and the upgrade"


def test_the_files_are_named_in_chain_order():
    """Sorted by name, the files run in the order Alembic runs them, each named after its revision."""
    chain = list(reversed(list(script().walk_revisions())))
    files = [Path(revision.path).name for revision in chain]

    assert files == sorted(files)
    assert all(name.startswith(revision.revision) for name, revision in zip(files, chain, strict=True))


def test_a_database_stamped_with_an_old_revision_name_upgrades(tmp_path):
    """Databases migrated before the files were renamed hold the old names in alembic_version."""
    app = create_app(
        {
            "APP_ENV": "testing",
            "SECRET_KEY": "migration-test-secret",
            "DATA_DIR": tmp_path,
            "SQLALCHEMY_DATABASE_URI": database_url_for("migrations_renamed", tmp_path),
        }
    )
    try:
        with app.app_context():
            upgrade(directory=MIGRATIONS, revision="0017_phone2")
            db.session.execute(text("UPDATE alembic_version SET version_num = '0020_phone2'"))
            db.session.commit()
            upgrade(directory=MIGRATIONS)
            revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
            db.session.remove()
    finally:
        dispose_engines(app)

    assert revision == script().get_current_head()
