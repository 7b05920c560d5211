"""Copy the shipped provinces and communes into the database, adding or correcting rows in place."""

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from marketplace.core.text import fold
from marketplace.geography import resolver
from marketplace.geography.models import CommuneRow, ProvinceRow


def _province_rows() -> list[dict]:
    return [{"code": p.code, "name": p.name, "name_folded": fold(p.name), "kind": p.kind} for p in resolver.provinces()]


def _commune_rows() -> list[dict]:
    return [
        {
            "code": c.code,
            "province_code": c.province_code,
            "name": c.name,
            "name_folded": fold(c.name),
            "kind": c.kind,
        }
        for p in resolver.provinces()
        for c in resolver.communes_of(p.code)
    ]


def _upsert(session: Session, model: type, rows: list[dict]) -> int:
    """Insert missing rows and update differing ones, by primary key; return how many changed."""
    columns = [getattr(model, name) for name in rows[0]]
    existing = {row[0]: tuple(row) for row in session.execute(select(*columns))}
    missing = [r for r in rows if r["code"] not in existing]
    changed = [r for r in rows if r["code"] in existing and existing[r["code"]] != tuple(r.values())]
    # Executemany through the ORM's bulk paths: thousands of rows in one round trip, no objects.
    if missing:
        session.execute(insert(model), missing)
    if changed:
        session.execute(update(model), changed)
    return len(missing) + len(changed)


def load_geography(session: Session) -> tuple[int, int]:
    """Bring the provinces and communes tables up to the shipped data; flush, never commit.

    Returns how many province and commune rows were inserted or updated, so a second call on
    an up-to-date database returns (0, 0). Rows missing from the data are left alone, since
    other tables may still point at them.
    """
    provinces = _upsert(session, ProvinceRow, _province_rows())
    communes = _upsert(session, CommuneRow, _commune_rows())
    session.flush()
    return provinces, communes
