"""A list as centres hold it today (data/held_out_list.csv), imported through `flask import-catalogue`:
households by their representative's personal number, cooperatives by their 10-digit code, province
names of several periods, and split provinces with and without a commune. Each row's outcome."""

import csv
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from marketplace.catalogue.models import Product
from marketplace.producers.models import Producer

LIST = Path(__file__).parent / "data" / "held_out_list.csv"

# File row (the header is row 1) -> (outcome, today's province, or the words the reason must hold).
EXPECTED = {
    2: ("created", "01"),  # household, personal number written with spaces; Hà Tây -> Hà Nội
    3: ("created", "31"),  # cooperative; Hải Hưng split, Xã Thanh Hà -> Hải Phòng
    4: ("rejected", ["Hải Phòng", "Hưng Yên"]),  # Hải Hưng split, no commune
    5: ("created", "52"),  # Nghĩa Bình split, Xã Tuy Phước -> Gia Lai
    6: ("created", "37"),  # Hà Nam Ninh -> Ninh Bình
    7: ("created", "86"),  # Bến Tre (2025 merger) -> Vĩnh Long
    8: ("rejected", ["Hồ Chí Minh", "Đồng Nai"]),  # Sông Bé split, no commune
    9: ("created", "48"),  # Quảng Nam - Đà Nẵng -> Đà Nẵng
    10: ("rejected", ["personal identification number"]),  # an enterprise cannot use a personal number
    11: ("rejected", ["003 085 012 345"]),  # 003 is no province code
    12: ("created", "01"),  # the household of row 2 again, its number without spaces: same producer
    13: ("created", "42"),  # Nghệ Tĩnh split, Xã Cẩm Xuyên -> Hà Tĩnh
    14: ("created", "38"),  # Thanh Hóa, today's name: no warning
    15: ("created", "01"),  # Vĩnh Phú split, Xã Mê Linh -> Hà Nội
    16: ("created", "92"),  # Hậu Giang -> Cần Thơ
    17: ("rejected", ["Hải Phòng", "Hưng Yên", "Xã Không Tồn Tại"]),  # the commune decides nothing
    18: ("created", "25"),  # Hà Sơn Bình split, Xã Lương Sơn -> Phú Thọ; no type: a household
}
FORMER_WARNED = {2, 3, 5, 6, 7, 9, 12, 13, 15, 16, 18}


def run(app, *args):
    return app.test_cli_runner().invoke(args=["import-catalogue", *map(str, args)])


def report_lines(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        lines = list(csv.reader(handle))[1:]
    return [dict(zip(("row", "status", "code", "reason"), line, strict=True)) for line in lines]


def read_list() -> list[dict]:
    return list(csv.DictReader(io.StringIO(LIST.read_text(encoding="utf-8-sig"))))


def test_each_row_of_the_held_out_list_has_the_outcome_it_should(app, db, tmp_path):
    report = tmp_path / "report.csv"
    result = run(app, LIST, "--report", report, "--lang", "en")
    assert result.exit_code == 0, result.output

    lines = report_lines(report)
    outcomes = {int(line["row"]): line for line in lines if line["status"] != "warning"}
    assert sorted(outcomes) == sorted(EXPECTED)
    rows = read_list()
    db.session.expire_all()
    for number, (outcome, expected) in EXPECTED.items():
        line = outcomes[number]
        assert line["status"] == outcome, (number, line)
        if outcome == "rejected":
            assert all(words in line["reason"] for words in expected), (number, line)
            continue
        cells = rows[number - 2]
        producer = db.session.scalar(select(Producer).where(Producer.name == cells["Tên cơ sở"]))
        assert producer.province_code == expected, (number, producer.province_code)
        assert producer.tax_code == cells["Mã số thuế"].replace(" ", ""), number
    warned = {int(line["row"]) for line in lines if line["code"] == "province_former"}
    assert warned == FORMER_WARNED


def test_households_are_stored_by_their_personal_number_and_matched_by_it_on_reimport(app, db, tmp_path):
    assert run(app, LIST).exit_code == 0
    db.session.expire_all()
    household = db.session.scalar(select(Producer).where(Producer.tax_code == "040190012345"))
    assert household.establishment_type == "household" and household.commune.name == "Phú Nghĩa"
    assert sorted(p.code for p in household.products) == ["NL-01", "NL-02"]  # rows 2 and 12: one producer
    untyped = db.session.scalar(select(Producer).where(Producer.tax_code == "017192008642"))
    assert untyped.establishment_type == "household"  # a personal number says so
    producers = db.session.scalar(select(func.count()).select_from(Producer))
    products = db.session.scalar(select(func.count()).select_from(Product))

    again = run(app, LIST)

    assert again.exit_code == 0
    assert "Products created: 0, updated: 0, unchanged: 12" in again.stdout
    assert "Producers created: 0, updated: 0" in again.stdout
    assert db.session.scalar(select(func.count()).select_from(Producer)) == producers
    assert db.session.scalar(select(func.count()).select_from(Product)) == products


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "was split between today's Hải Phòng, Hưng Yên"),
        ("vi", "Hải Phòng, Hưng Yên"),
    ],
)
def test_the_command_line_keeps_its_language_choice(app, db, lang, words):
    result = run(app, LIST, "--dry-run", "--lang", lang)
    line = next(text for text in result.stdout.splitlines() if "[province_split]" in text)
    assert words in line
    if lang == "vi":
        assert "split between" not in line and "Dòng 4" in line
