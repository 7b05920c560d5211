"""A hall's floor plan from CSV (code, type, x, y, w, h in metres): all rows or none, errors by line.

The type column takes a booth type's code or its name, as the fair's booth-type form shows them."""

import csv
import io
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.core.text import fold
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


def _type_key(text: str) -> str:
    # "Gian tiêu chuẩn 3 × 3 m", "gian tieu chuan 3x3m" and "GIAN TIÊU CHUẨN 3 X 3 M" agree.
    return re.sub(r"[^a-z0-9]", "", fold(text.replace("×", "x")))


def booth_types_by_name(booth_types) -> dict[str, BoothType]:
    """Each booth type under its code and its name (accents, case and spacing aside); a code
    wins over another type's name that reads the same."""
    found = {_type_key(t.name): t for t in booth_types if _type_key(t.name)}
    found.update({_type_key(t.code): t for t in booth_types})
    return found


def example_csv(booth_types) -> str:
    """An example file made of the fair's own booth types: by code, then by name, in a row."""
    types = list(booth_types)
    if not types:
        return ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    x = 1.0
    picks = [(t, t.code) for t in types[:2]] + [(types[0], types[0].name)]
    for number, (kind, written) in enumerate(picks, start=1):
        writer.writerow([f"A{number:02d}", written, f"{x:g}", "1", f"{kind.width_m:g}", f"{kind.depth_m:g}"])
        x += kind.width_m
    return buffer.getvalue().rstrip("\n")


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
        code = cells[0].upper()
        booth_type = types.get(_type_key(cells[1]))
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
    types = booth_types_by_name(hall.fair.booth_types)
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
        for other in shapes[i + 1 :]:
            if overlaps(row, other):
                report.errors.append(
                    str(
                        _l(
                            "Line %(n)s: booth %(code)s overlaps booth %(other)s.",
                            n=row.line,
                            code=row.code,
                            other=other.code,
                        )
                    )
                )
                break


def _apply(hall: Hall, parsed: list[_Row], fair_booths: dict[str, Booth], report: ImportReport) -> None:
    for row in parsed:
        booth = fair_booths.get(row.code)
        values = {"booth_type": row.booth_type, "x": row.x, "y": row.y, "w": row.w, "h": row.h}
        if booth is None:
            db.session.add(Booth(fair_id=hall.fair_id, hall_id=hall.id, code=row.code, blocked=False, **values))
            report.created += 1
        elif (booth.booth_type_id, booth.x, booth.y, booth.w, booth.h) == (
            row.booth_type.id,
            row.x,
            row.y,
            row.w,
            row.h,
        ):
            report.unchanged += 1
        else:
            for key, value in values.items():
                setattr(booth, key, value)
            report.updated += 1
    # The hall grows to hold its plan, with a metre to spare for the aisle along the walls.
    hall.width_m = max(hall.width_m, max(r.x + r.w for r in parsed) + 1)
    hall.depth_m = max(hall.depth_m, max(r.y + r.h for r in parsed) + 1)
    db.session.flush()
