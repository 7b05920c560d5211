"""Floor plans: rows of booths, CSV import (all or nothing, line numbers), and booth changes."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from marketplace.fairs import organise, plan_import, services
from marketplace.fairs.models import Booth
from tests import factories
from tests.factories import booth


def _count(db, fair) -> int:
    return db.session.scalar(select(func.count(Booth.id)).where(Booth.fair_id == fair.id))


def test_a_row_of_standard_booths_is_nine_square_metres_each_side_by_side(db, organiser):
    fair = factories.fair(organiser, standard=0, corner=0, publish=False, commit=True)
    standard = fair.booth_types[0]
    hall = fair.halls[0]
    booths = organise.add_booth_row(hall, standard, {"prefix": "a", "start": 1, "count": 3, "x": 2, "y": 4})

    assert [(b.code, b.x, b.y, b.w, b.h) for b in booths] == [
        ("A01", 2, 4, 3, 3),
        ("A02", 5, 4, 3, 3),
        ("A03", 8, 4, 3, 3),
    ]
    assert standard.area_m2 == 9
    column = organise.add_booth_row(
        hall, standard, {"prefix": "B", "start": 1, "count": 2, "x": 20, "y": 1, "direction": "column"}
    )
    assert [(b.x, b.y) for b in column] == [(20, 1), (20, 4)]


def test_rows_that_overlap_leave_the_hall_or_repeat_codes_are_refused(db, organiser):
    fair = factories.fair(organiser, standard=2, corner=0, publish=False, commit=True)
    standard, hall = fair.booth_types[0], fair.halls[0]
    for values in (
        {"prefix": "X", "start": 1, "count": 1, "x": 2, "y": 1},  # on top of S01
        {"prefix": "X", "start": 1, "count": 20, "x": 1, "y": 15},  # 60 m in a 40 m hall
        {"prefix": "S", "start": 2, "count": 1, "x": 30, "y": 15},  # S02 exists
    ):
        with pytest.raises(organise.PlanError):
            organise.add_booth_row(hall, standard, values)


CSV = """code,type,x,y,w,h
A01,standard,1,5,3,3
A02,standard,4,5,,
A03,corner,7,5,3,3
"""


def test_a_csv_plan_creates_booths_and_importing_it_again_changes_nothing(db, organiser):
    fair = factories.fair(organiser, standard=0, corner=0, publish=False, commit=True)
    hall = fair.halls[0]

    report = plan_import.import_plan(hall, CSV)
    assert (report.created, report.errors) == (3, [])
    assert booth(fair, "A02").w == 3 and booth(fair, "A03").booth_type.code == "corner"

    again = plan_import.import_plan(hall, "\ufeff" + CSV.replace(",", ";"))  # BOM and semicolons, as Excel writes
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)

    moved = plan_import.import_plan(hall, "A01,standard,30,5,3,3\n")
    assert (moved.updated, booth(fair, "A01").x) == (1, 30)


def test_a_csv_plan_with_any_bad_line_imports_nothing_and_names_each_line(db, organiser):
    fair = factories.fair(organiser, standard=0, corner=0, publish=False, commit=True)
    bad = CSV + "A04,kiosk,1,1,3,3\nA05,standard,x,1,3,3\nA01,standard,20,1,3,3\nA06,standard,2,6,3,3\n"

    with force_locale("en"):
        report = plan_import.import_plan(fair.halls[0], bad)
    db.session.flush()

    assert _count(db, fair) == 0
    assert report.errors == [
        "Line 5: unknown booth type “kiosk”.",
        "Line 6: x, y, w and h must be numbers of metres (w, h above 0).",
        "Line 7: booth A01 appears twice.",
        "Line 2: booth A01 overlaps booth A06.",
        "Line 3: booth A02 overlaps booth A06.",
    ]


def test_changing_booths_blocks_retypes_and_never_deletes_a_booked_one(db, organiser):
    fair = factories.fair(organiser, standard=3, corner=0, commit=True)
    user, producer = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    corner = next(t for t in fair.booth_types if t.code == "corner")

    organise.change_booths([booth(fair, "S02")], "block")
    organise.change_booths([booth(fair, "S03")], "type", corner)
    assert booth(fair, "S02").blocked and booth(fair, "S03").booth_type.code == "corner"
    with pytest.raises(organise.PlanError):
        organise.change_booths([booth(fair, "S01")], "delete")
    organise.change_booths([booth(fair, "S03")], "delete")
    assert booth(fair, "S03") is None


def test_a_fair_without_bookable_booths_cannot_be_published(db, organiser):
    fair = factories.fair(organiser, standard=0, corner=0, publish=False, commit=True)
    with pytest.raises(organise.PlanError):
        organise.publish_fair(fair, organiser)
