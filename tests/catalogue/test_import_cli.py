"""`flask import-catalogue PATH [--dry-run]` as the contract says, and `users create` linking a
producer account to the imported producer carrying its email."""

import csv
import io

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.producers.models import Producer, ProducerMember
from tests.catalogue.import_fixtures import csv_bytes, producer_with, product_of, row, tax_code, xlsx_bytes


def run(app, *args):
    return app.test_cli_runner().invoke(args=["import-catalogue", *map(str, args)])


@pytest.fixture
def a_file(tmp_path):
    path = tmp_path / "danh-sach.csv"
    path.write_bytes(
        csv_bytes(
            [
                row(1, "A"),
                row(1, "B", product_name="Nón lá Chuông", product_name_en="Chuong conical hat"),
                row(2, "A", tax_code="0101243151"),
            ],
            bom=True,
        )
    )
    return path


def products(db) -> int:
    return db.session.scalar(select(func.count()).select_from(Product))


def test_the_command_imports_commits_and_prints_counts_and_rejected_rows(app, db, a_file):
    result = run(app, a_file)

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "Import of danh-sach.csv",
        "Rows read: 3",
        "Products created: 2, updated: 0, unchanged: 0",
        "Rows rejected: 1",
        "Warnings: 0",
        "Producers created: 1, updated: 0",
    ]
    assert lines[6] == "Rejected rows, with the reason:"
    assert lines[7].startswith("  Row 4 [tax_code_invalid] ") and "0101243151" in lines[7]
    db.session.expire_all()
    assert product_of(db, tax_code(1), "B").status == "published"


def test_the_report_can_be_printed_in_vietnamese(app, db, a_file):
    result = run(app, a_file, "--lang", "vi")

    assert result.exit_code == 0, result.output
    assert "Dòng 4 [tax_code_invalid]" in result.stdout


def test_a_dry_run_prints_the_same_report_and_saves_nothing(app, db, a_file):
    before = products(db)
    dry = run(app, a_file, "--dry-run")

    assert dry.exit_code == 0, dry.output
    assert "Dry run: nothing was saved" in dry.stdout.splitlines()[1]
    assert products(db) == before and producer_with(db, tax_code(1)) is None
    real = run(app, a_file)
    assert dry.stdout.splitlines()[2:] == real.stdout.splitlines()[1:]
    assert products(db) == before + 2


def test_running_the_command_twice_changes_nothing_the_second_time(app, db, a_file):
    run(app, a_file)
    count = products(db)

    again = run(app, a_file)

    assert again.exit_code == 0
    assert "Products created: 0, updated: 0, unchanged: 2" in again.stdout
    assert "Producers created: 0, updated: 0" in again.stdout
    assert "3 of 3 rows done" in again.stderr  # progress goes to stderr, away from the report
    assert products(db) == count


def test_an_xlsx_file_is_imported_by_the_command(app, db, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx_bytes([list(row(5).values())]))

    result = run(app, path)

    assert result.exit_code == 0, result.output
    assert product_of(db, tax_code(5), "SP01") is not None


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (None, "missing.csv"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "anh.csv"),
        ("Tên,Giá\nA,1\n".encode(), "thieu-cot.csv"),
        (b"", "rong.csv"),
    ],
)
def test_the_command_fails_with_a_message_when_the_file_cannot_be_read(app, db, tmp_path, content, name):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = products(db)

    result = run(app, path)

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip()) > 20
    assert products(db) == before


def test_the_command_writes_the_full_report_as_csv_when_asked(app, db, a_file, tmp_path):
    target = tmp_path / "bao-cao.csv"

    result = run(app, a_file, "--report", target)

    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens it in UTF-8
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(lines) == 1 + 3  # header, then one line per row (no warnings in this file)
    assert [line[0] for line in lines[1:]] == ["2", "3", "4"] and lines[3][2] == "tax_code_invalid"


def test_imported_products_are_searchable_when_the_command_ends(app, db, a_file, client):
    run(app, a_file)

    page = client.get("/products?q=non la chuong")

    assert page.status_code == 200
    assert "Nón lá Chuông" in page.get_data(as_text=True)
    assert client.get(f"/products/{product_of(db, tax_code(1), 'B').id}").status_code == 200


def test_users_create_links_a_producer_account_to_the_imported_producer_with_its_email(app, db, a_file):
    run(app, a_file)
    producer = producer_with(db, tax_code(1))

    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "HTX1@example.vn",
            "--role",
            "producer",
            "--password",
            "bamboo baskets of Phu Vinh",
            "--verified",
        ]
    )

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "htx1@example.vn"))
    member = db.session.scalar(select(ProducerMember).where(ProducerMember.user_id == user.id))
    assert (member.producer_id, member.how) == (producer.id, "claimed")


def test_users_create_links_no_buyer_and_no_other_producer(app, db, a_file):
    run(app, a_file)
    for email, role in (("htx1@example.vn", "buyer"), ("someone@example.vn", "producer")):
        result = app.test_cli_runner().invoke(
            args=["users", "create", email, "--role", role, "--password", "bamboo baskets of Phu Vinh"]
        )
        assert result.exit_code == 0, result.output

    assert db.session.scalar(select(func.count()).select_from(ProducerMember)) == 0
    assert db.session.scalar(select(func.count()).select_from(Producer).where(Producer.email == "htx1@example.vn")) == 1
