"""core.bulkinsert and core.database.among, on the database the suite runs on (SQLite, or
PostgreSQL where COPY and array parameters take over): the ids handed back are the rows' own, the
columns left out get the defaults an ORM insert gives, a refused row is SQLAlchemy's error, and a
long id list finds exactly its rows."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.core.audit import AuditEvent
from marketplace.core.bulkinsert import insert_rows
from marketplace.core.database import among
from marketplace.producers.models import Producer


def producer_row(n: int) -> dict:
    return {
        "name": f"Cơ sở {n}",
        "slug": f"co-so-{n}",
        "establishment_type": "household",
        "province_code": "38",
        "tax_code": f"{8_000_000_000 + n}",
    }


def test_each_id_is_its_own_rows_after_rows_already_there(db):
    db.session.add(Producer(**producer_row(0)))
    db.session.flush()
    before = datetime.now(UTC)

    ids = insert_rows(Producer.__table__, [producer_row(n) for n in range(1, 1201)])

    assert len(set(ids)) == 1200
    rows = db.session.execute(select(Producer.id, Producer.tax_code).where(among(db.session, Producer.id, ids)))
    written = {producer_id: tax for producer_id, tax in rows}
    assert [written[i] for i in ids] == [f"{8_000_000_000 + n}" for n in range(1, 1201)]
    fresh = db.session.get(Producer, ids[-1])
    # Left out of the rows: the Python-side defaults, as the ORM would have set them.
    assert (fresh.is_published, fresh.featured, fresh.craft_village) == (True, False, False)
    assert fresh.created_at >= before and fresh.updated_at >= before


def test_the_next_ordinary_insert_takes_a_fresh_id(db):
    ids = insert_rows(Producer.__table__, [producer_row(n) for n in range(1, 4)])
    later = Producer(**producer_row(9))
    db.session.add(later)
    db.session.flush()
    assert later.id > max(ids)


def test_json_columns_are_written_as_json(db):
    [event_id] = insert_rows(
        AuditEvent.__table__, [{"action": "producer_created", "subject": "producer:1", "detail": {"via": "import"}}]
    )
    event = db.session.get(AuditEvent, event_id)
    assert event.detail == {"via": "import"} and event.at is not None


def test_a_refused_row_raises_sqlalchemys_integrity_error_and_writes_nothing(db):
    db.session.add(Producer(**producer_row(2)))
    db.session.flush()
    count = db.session.scalar(select(func.count(Producer.id)))
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            insert_rows(Producer.__table__, [producer_row(n) for n in range(1, 4)])
    assert db.session.scalar(select(func.count(Producer.id))) == count


def test_among_a_long_list_finds_exactly_its_rows(db):
    ids = insert_rows(Producer.__table__, [producer_row(n) for n in range(1, 3001)])
    wanted = ids[::2] + [max(ids) + 10_000]  # every other one, and one that does not exist
    found = db.session.scalars(select(Producer.id).where(among(db.session, Producer.id, wanted)))
    assert sorted(found) == sorted(ids[::2])
    assert list(db.session.scalars(select(Producer.id).where(among(db.session, Producer.id, [])))) == []
