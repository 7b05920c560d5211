"""A hall's floor plan from CSV (code, type, x, y, w, h in metres): all rows or none, errors by line."""

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.fairs.models import Booth, BoothType, Hall
from marketplace.fairs.organise import overlaps

COLUMNS = ("code", "type", "x", "y", "w", "h")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,19}$")
MAX_ROWS = 2000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)  # translated, each naming its line


@dataclass
class _Row:
    line: int
    code: str
    booth_type: BoothType
    x: float
    y: float
    w: float
    h: float


def _number(raw: str, allow_zero: bool) -> float | None:
    try:
        value = float((raw or "").strip().replace(",", "."))
    except ValueError:
        return None
    if value != value or value < 0 or (value == 0 and not allow_zero) or value > 10_000:  # NaN, negatives
        return None
    return value


def _read(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each non-empty line, without the header line if there is one."""
    sample = text.lstrip("\ufeff")[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    rows = []
    for line, cells in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter), start=1):
        if not any(c.strip() for c in cells):
            continue
        if not rows and cells[0].strip().lower() == "code":
            continue
        rows.append((line, cells))
    return rows


def _parse(rows: list[tuple[int, list[str]]], types: dict[str, BoothType], report: ImportReport) -> list[_Row]:
    parsed, seen = [], set()
    for line, cells in rows:
        cells = [c.strip() for c in cells] + [""] * (6 - len(cells))
        code, type_code = cells[0].upper(), cells[1].lower()
        booth_type = types.get(type_code)
        x, y = _number(cells[2], True), _number(cells[3], True)
        w = _number(cells[4], False) if cells[4] else (booth_type.width_m if booth_type else None)
        h = _number(cells[5], False) if cells[5] else (booth_type.depth_m if booth_type else None)
        if not CODE.match(code):
            report.errors.append(str(_l("Line %(n)s: the booth code is missing or not valid.", n=line)))
        elif code in seen:
            report.errors.append(str(_l("Line %(n)s: booth %(code)s appears twice.", n=line, code=code)))
        elif booth_type is None:
            report.errors.append(str(_l("Line %(n)s: unknown booth type “%(type)s”.", n=line, type=cells[1])))
        elif None in (x, y, w, h):
            report.errors.append(str(_l("Line %(n)s: x, y, w and h must be numbers of metres (w, h above 0).", n=line)))
        else:
            parsed.append(_Row(line, code, booth_type, x, y, w, h))
        seen.add(code)
    return parsed


def import_plan(hall: Hall, text: str) -> ImportReport:
    """Create or update the hall's booths from the CSV; nothing is written when any line is wrong."""
    report = ImportReport()
    rows = _read(text)
    if not rows:
        report.errors.append(str(_l("The file holds no booths.")))
        return report
    if len(rows) > MAX_ROWS:
        report.errors.append(str(_l("At most %(n)s booths per file.", n=MAX_ROWS)))
        return report
    types = {t.code: t for t in hall.fair.booth_types}
    parsed = _parse(rows, types, report)
    fair_booths = {b.code: b for b in db.session.scalars(select(Booth).where(Booth.fair_id == hall.fair_id))}
    for row in parsed:
        other = fair_booths.get(row.code)
        if other is not None and other.hall_id != hall.id:
            report.errors.append(str(_l("Line %(n)s: booth %(code)s is in another hall.", n=row.line, code=row.code)))
    _check_overlaps(hall, parsed, fair_booths, report)
    if report.errors:
        return report
    _apply(hall, parsed, fair_booths, report)
    return report


def _check_overlaps(hall: Hall, parsed: list[_Row], fair_booths: dict[str, Booth], report: ImportReport) -> None:
    imported = {row.code for row in parsed}
    shapes = list(parsed) + [b for b in fair_booths.values() if b.hall_id == hall.id and b.code not in imported]
    for i, row in enumerate(parsed):
        for other in shapes[i + 1:]:
            if overlaps(row, other):
                report.errors.append(
                    str(_l("Line %(n)s: booth %(code)s overlaps booth %(other)s.", n=row.line, code=row.code,
                           other=other.code))
                )
                break


def _apply(hall: Hall, parsed: list[_Row], fair_booths: dict[str, Booth], report: ImportReport) -> None:
    for row in parsed:
        booth = fair_booths.get(row.code)
        values = {"booth_type": row.booth_type, "x": row.x, "y": row.y, "w": row.w, "h": row.h}
        if booth is None:
            db.session.add(Booth(fair_id=hall.fair_id, hall_id=hall.id, code=row.code, blocked=False, **values))
            report.created += 1
        elif (booth.booth_type_id, booth.x, booth.y, booth.w, booth.h) == (row.booth_type.id, row.x, row.y, row.w,
                                                                             row.h):
            report.unchanged += 1
        else:
            for key, value in values.items():
                setattr(booth, key, value)
            report.updated += 1
    # The hall grows to hold its plan, with a metre to spare for the aisle along the walls.
    hall.width_m = max(hall.width_m, max(r.x + r.w for r in parsed) + 1)
    hall.depth_m = max(hall.depth_m, max(r.y + r.h for r in parsed) + 1)
    db.session.flush()
