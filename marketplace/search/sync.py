"""The index follows the database through the session: ids collected after each flush, entries
read before commit (inside the transaction), written after it, forgotten on rollback.

Collecting after flush (not from session.new at commit time) is what keeps a row saved by an
autoflush: by commit time it is no longer "new". A producer's rename, a category's rename or a
certificate reaches every product that shows it. A savepoint's release is no commit: what it wrote
waits for the outermost commit, so an import of 100,000 rows in savepoints of 500 is indexed once,
by one writer. Rows written by bulk INSERTs (no ORM objects to collect) are named by
mark_products(). A long unit of work may call send_pending() between its batches: the engine then
writes what is pending so far beside it (Whoosh: in a second process), still shown only at the commit.
"""

import logging
from weakref import WeakKeyDictionary

from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from marketplace.catalogue.models import Category, Certification, Product
from marketplace.producers.models import Producer
from marketplace.search.documents import product_ids_of

log = logging.getLogger(__name__)
PENDING, STAGED, STREAM = "search_pending", "search_staged", "search_stream"
_written: WeakKeyDictionary = WeakKeyDictionary()  # connection -> ids written inside its transaction
PRODUCER_FIELDS = ("name", "province_code", "commune_code", "commune_name", "craft_village_name", "is_published")
CATEGORY_FIELDS = ("name", "name_en")


class Pending:
    def __init__(self):
        self.products: set[int] = set()
        self.producers: set[int] = set()
        self.categories: set[int] = set()

    def __bool__(self) -> bool:
        return bool(self.products or self.producers or self.categories)


def _changed(obj, names) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _collect(session: Session, pending: Pending) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Product):
            if obj.id is not None:
                pending.products.add(obj.id)
        elif isinstance(obj, Certification):
            if obj.product_id is not None:
                pending.products.add(obj.product_id)
            if obj.producer_id is not None:
                pending.producers.add(obj.producer_id)
        elif isinstance(obj, Producer):
            if obj.id is not None and (obj in session.deleted or _changed(obj, PRODUCER_FIELDS)):
                pending.producers.add(obj.id)
        elif isinstance(obj, Category):
            if obj.id is not None and obj in session.dirty and _changed(obj, CATEGORY_FIELDS):
                pending.categories.add(obj.id)


def _after_flush(session: Session, _context) -> None:
    if has_app_context() and "search" in current_app.extensions:
        _collect(session, session.info.setdefault(PENDING, Pending()))


def mark_products(session: Session, product_ids) -> None:
    """Index these products at the outermost commit: rows a bulk INSERT or UPDATE wrote."""
    session.info.setdefault(PENDING, Pending()).products.update(product_ids)


def send_pending(session: Session) -> None:
    """Between the batches of a long unit of work (an import): once SEARCH_STREAM_FROM products are
    pending, read their documents now, inside the transaction, and hand them to the engine's writer
    for this transaction, which works beside the next batches. Nothing shows before the commit; a
    rollback drops it all, as for any other change. An engine that writes inside the transaction
    (PostgreSQL) has no such writer: then this does nothing."""
    pending = session.info.get(PENDING)
    if not pending or len(pending.products) < current_app.config["SEARCH_STREAM_FROM"]:
        return
    engine = current_app.extensions["search"]
    stream = session.info.get(STREAM)
    if stream is None:
        if not hasattr(engine, "open_stream"):
            return
        stream = session.info[STREAM] = engine.open_stream()
    session.info.pop(PENDING)
    stream.send(session, _product_ids(session, pending))


def _product_ids(session: Session, pending: Pending | None) -> set[int]:
    if not pending:
        return set()
    return pending.products | product_ids_of(session, pending.producers, pending.categories)


def _before_commit(session: Session) -> None:
    if not (has_app_context() and "search" in current_app.extensions) or session.in_nested_transaction():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit would flush them next; flushing now lets us collect them
    product_ids = _product_ids(session, session.info.pop(PENDING, None))
    engine = current_app.extensions["search"]
    stream = session.info.get(STREAM)  # left there until prepared: a failure here cancels it
    if stream is not None:
        product_ids |= stream.take_failed()
        if product_ids:
            stream.send(session, product_ids)
        prepared = stream.prepare()
        session.info[STAGED] = session.info.pop(STREAM)
        if prepared:
            return
        product_ids = stream.product_ids  # the writer process failed: write everything here instead
    if product_ids:
        session.info[STAGED] = engine.stage(session, product_ids)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    staged = session.info.pop(STAGED, None)
    if staged is None:
        return
    engine = current_app.extensions["search"]
    try:
        engine.apply(staged)
    except Exception:  # the data is committed: never fail the request; the ids are redone later
        log.exception("search index write failed; kept for the next writer")
        engine.remember_failed(_ids(staged))
        return
    _undo_if_outer_rollback(session, _ids(staged))


def _ids(staged) -> set[int]:
    if hasattr(staged, "product_ids"):  # a writer process's stream
        return staged.product_ids
    if not isinstance(staged, tuple):
        return set()
    documents, removed = staged
    return {d.product_id for d in documents} | set(removed)


def _undo_if_outer_rollback(session: Session, product_ids: set[int]) -> None:
    """A session joined to a transaction it does not own (the test suite's) "commits" a
    savepoint: if that outer transaction is rolled back, take the entries out again."""
    bind = session.get_bind()
    if not isinstance(bind, Connection) or not bind.in_transaction() or not product_ids:
        return
    if bind not in _written:
        _written[bind] = set()
        app = current_app._get_current_object()
        event.listen(bind, "rollback", lambda connection: _forget(app, connection))
    _written[bind].update(product_ids)


def _forget(app, connection) -> None:
    ids = _written.pop(connection, set())
    if ids:
        with app.app_context():
            app.extensions["search"].write([], ids)


def _after_transaction_end(session: Session, transaction) -> None:
    """The outermost transaction ended (after its commit hooks ran, or rolled back): forget what
    is left. A savepoint rolled back keeps its ids pending with the rest: an id whose row is
    gone is simply removed from the index at the commit."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)
        for left in (session.info.pop(STAGED, None), session.info.pop(STREAM, None)):
            if hasattr(left, "cancel"):  # a writer process whose transaction rolled back
                left.cancel()


_connected = False


def connect() -> None:
    global _connected
    if _connected:
        return
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "before_commit", _before_commit)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_transaction_end", _after_transaction_end)
    _connected = True
