"""The catalogue's counts every visitor sees, kept in `catalogue_counts` so no request scans a table.

Design. One refresh reads the published catalogue once (two grouped queries and the featured
producers) and replaces every row of `catalogue_counts` in one short transaction:
- per facet value: products by group, province, category, OCOP stars, price band, certificate;
- per pair of facets: e.g. province x category, so an empty search with one filter (the home
  page's links) gets all its facet counts from here too;
- per cell, each combination of those values some products have: an empty search with two
  filters or more (count_reads._cell_counts);
- published producers by (province, establishment type, craft village): the directory's counts;
- the featured producers of the home page with their product counts;
- a token (new at every refresh) that keys whatever is cached from these rows.

When. After the commit of any write that changed a product, producer, certificate or category
(session events below): the catalogue version is bumped at once (marketplace.core.cache), and a
refresh is scheduled. With COUNTS_REFRESH=background (the default) it runs in a daemon thread of
the process that wrote, outside the request and its transaction, a couple of seconds later so a
burst of writes costs one refresh; the counts thus lag by seconds, well inside the 60 s allowed.
A GET never writes: a reader that finds no counts, or counts older than MAX_AGE (certificates
expire with the calendar), only starts that background thread. `flask refresh-counts` does the same
from cron or after a bulk load that bypassed the ORM. With COUNTS_REFRESH=inline (tests) the
refresh runs right after the commit, in the committing connection.
"""

import logging
import threading
import time
import uuid

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import String, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from marketplace.catalogue.models import Category, Certification, Product
from marketplace.core import aftercommit
from marketplace.core.cache import bump_catalogue_version
from marketplace.extensions import db
from marketplace.producers.models import Producer

log = logging.getLogger(__name__)
MAX_AGE = 3600  # seconds: a certificate's validity ends with a date, not with a write
DEBOUNCE = 2.0  # seconds a background refresh waits, so one refresh serves a burst of writes
META_FACET = "meta:token"
_state = {"scheduled": False}
_state_lock = threading.Lock()


class CatalogueCount(db.Model):
    """One precomputed count: `facet` names what is counted, `value` which value (see module doc)."""

    __tablename__ = "catalogue_counts"

    facet: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column()


# -- keeping them up to date --------------------------------------------------------------------


def refresh(bind=None) -> int:
    """Recompute every count (reads first, then one short write); returns how many rows were written."""
    from marketplace.catalogue.count_queries import compute_rows

    with Session(bind=bind or db.engine, join_transaction_mode="create_savepoint") as session:
        with session.begin():  # the reading transaction ends here: the write below is short and alone
            rows = compute_rows(session)
        rows.append({"facet": META_FACET, "value": uuid.uuid4().hex, "count": int(time.time())})
        with session.begin():  # its own unit of work, on its own session: never the request's
            if session.get_bind().dialect.name == "postgresql":
                from sqlalchemy import text

                session.execute(text("SELECT pg_advisory_xact_lock(727001)"))  # one refresher at a time
            session.execute(delete(CatalogueCount))
            session.execute(insert(CatalogueCount), rows)
    return len(rows)


def schedule_refresh(app=None, bind=None) -> None:
    """Refresh soon, never inside the caller's transaction (see the module docstring). `bind`:
    the connection that committed, for an inline refresh."""
    app = app or current_app._get_current_object()
    if app.config.get("COUNTS_REFRESH") == "inline":
        refresh(bind=bind or db.session.get_bind())
        return
    with _state_lock:
        if _state["scheduled"]:
            return
        _state["scheduled"] = True
    threading.Thread(target=_refresh_later, args=(app,), name="catalogue-counts", daemon=True).start()


def _refresh_later(app) -> None:
    time.sleep(DEBOUNCE)
    with _state_lock:
        _state["scheduled"] = False  # a write from now on schedules the next refresh
    try:
        with app.app_context():
            refresh()
    except Exception:  # the next write or reader schedules it again
        log.exception("refreshing the catalogue counts failed")


def _catalogue_changed(bind) -> None:
    bump_catalogue_version()
    schedule_refresh(bind=bind)


_WATCHED = (Product, Producer, Certification, Category)


def _changed(session):
    bind = session.get_bind()  # the committing connection, for an inline refresh
    return lambda: _catalogue_changed(bind)


def connect() -> None:
    """Writes to the catalogue (a flush, or a bulk statement of an import) bump the version and
    schedule a refresh after their commit. A script's own session is left alone: `flask
    refresh-counts` brings the counts up to date."""
    aftercommit.after_commits_writing("catalogue", lambda cls: issubclass(cls, _WATCHED), _changed)


@click.command("refresh-counts")
@with_appcontext
def refresh_counts_command():
    """Recompute the catalogue's counts now (after a bulk load outside the app, or from cron)."""
    written = refresh()
    click.echo(f"{written} counts written.")


# -- reading ------------------------------------------------------------------------------------


def current_token(session=None) -> tuple[str, int] | None:
    """(token, refreshed at, epoch seconds) of the counts in the table; None before the first refresh."""
    row = (
        (session or db.session)
        .execute(select(CatalogueCount.value, CatalogueCount.count).where(CatalogueCount.facet == META_FACET))
        .first()
    )
    if row is None or (time.time() - row[1] > MAX_AGE):
        if current_app.config.get("COUNTS_REFRESH") != "inline":
            schedule_refresh()  # in a thread: this request writes nothing
    return (row[0], row[1]) if row else None
