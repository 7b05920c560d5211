"""Alembic's environment: the app's engine and metadata, batch mode for SQLite."""

import logging
import warnings
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name and not logging.getLogger().handlers:
    # Only when run from the command line; inside the app or tests logging is already set up.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

# SQLite cannot reflect an index on an expression (ix_products_status_newest, migration 0013_scale_pages), and a
# batch copy of a table that references products reflects products too. The warning says the index
# was left out of that reflection, which is harmless there; a batch copy of products itself would drop
# it, which tests/ops/test_migrations.py::test_expression_indexes_exist would catch.
warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")

migrate_ext = current_app.extensions["migrate"]
engine = migrate_ext.db.engine
config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
target_metadata = migrate_ext.db.metadata


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


# Until December 2026 the files were numbered in the order they were written, not the order they
# run; they were renamed to follow the chain. A database stamped with an old name is moved to the new
# one before Alembic reads it, so it upgrades as before.
RENAMED_REVISIONS = {
    "0011_payments": "0005_payments",
    "0008_inquiries": "0006_inquiries",
    "0010_awards": "0007_awards",
    "0005_import": "0008_import",
    "0015_awards_thresholds": "0010_awards_thresholds",
    "0007_search": "0011_search",
    "0014_fairs": "0012_fair_meetings",
    "0016_scale_pages": "0013_scale_pages",
    "0017_sec_accounts": "0014_sec_accounts",
    "0018_sec_abuse": "0015_sec_abuse",
    "0019_sec_content": "0016_sec_content",
    "0020_phone2": "0017_phone2",
}


def _follow_renamed_revisions(connection) -> None:
    from sqlalchemy import inspect, text

    if inspect(connection).has_table("alembic_version"):
        for old, new in RENAMED_REVISIONS.items():
            connection.execute(
                text("UPDATE alembic_version SET version_num = :new WHERE version_num = :old"), {"old": old, "new": new}
            )
    connection.commit()  # and leave no transaction open: Alembic begins its own


def run_migrations_online():
    def process_revision_directives(context_, revision, directives):
        # An autogenerate run that finds no change writes no empty revision.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(migrate_ext.configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            _follow_renamed_revisions(connection)
            context.configure(connection=connection, target_metadata=target_metadata, **conf_args)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection, on: bool):
    """SQLite's batch mode copies a table, then drops the original: with foreign keys on, that DROP
    deletes every child row (ON DELETE CASCADE), e.g. all nominations when award_programmes is
    rebuilt. The pragma only works outside a transaction, so it goes to the driver directly."""
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_foreign_keys(connection):
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the migration left rows pointing at nothing: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
