"""Helpers for the import tests: valid tax codes, rows in the contract's columns, CSV and XLSX files
built the way organisers' tools write them, and running an import as the command line does."""

import csv
import io
import unicodedata

from sqlalchemy import select

from marketplace.catalogue.imports.importer import run_import
from marketplace.catalogue.imports.reader import COLUMNS as IMPORT_COLUMNS
from marketplace.catalogue.models import Product
from marketplace.producers.models import Producer
from marketplace.producers.taxcode import check_digit

# The import's own column names, in its order (the reader also knows organisers' headers for each).
COLUMNS = tuple(IMPORT_COLUMNS)
# The same columns as a Vietnamese organiser's sheet heads them.
VIETNAMESE_HEADERS = (
    "Tên cơ sở",
    "Mã số thuế",
    "Tỉnh/Thành phố",
    "Xã/Phường",
    "Địa chỉ",
    "Số điện thoại",
    "Thư điện tử",
    "Trang web",
    "Loại hình",
    "Mã SP",
    "Tên sản phẩm",
    "Tên tiếng Anh",
    "Nhóm sản phẩm",
    "Danh mục",
    "Mô tả",
    "Giá (VNĐ)",
    "ĐVT",
    "Số lượng tối thiểu",
    "Chứng nhận",
    "Số sao OCOP",
)


def tax_code(n: int) -> str:
    """The n-th valid tax code (10 digits, check digit right) of a range no other test uses."""
    number = 500_000_000 + n * 13
    while check_digit(f"{number:09d}") is None:
        number += 1
    return f"{number:09d}{check_digit(f'{number:09d}')}"


def row(n: int = 1, code: str = "SP01", **cells) -> dict[str, str]:
    """One product row of producer number `n`, every column filled; `cells` override columns."""
    values = {
        "producer_name": f"HTX Mây tre đan Phú Vinh {n}",
        "tax_code": tax_code(n),
        "province": "Hà Nội",
        "commune": "Xã Phú Nghĩa",
        "address": "Thôn Phú Vinh",
        "phone": "0912 345 678",
        "email": f"htx{n}@example.vn",
        "website": "https://phuvinh.example.vn",
        "establishment_type": "Hợp tác xã",
        "product_code": code,
        "product_name": f"Giỏ mây {code}",
        "product_name_en": f"Rattan basket {code}",
        "product_group": "1",
        "category": "Mây tre đan",
        "description": "Đan tay từ mây rừng.",
        "price_vnd": "150.000",
        "unit": "chiếc",
        "min_order_qty": "10",
        "certifications": "VietGAP",
        "ocop_stars": "4",
    }
    values.update(cells)
    return values


def csv_bytes(
    rows: list[dict], headers=COLUMNS, delimiter: str = ",", bom: bool = False, encoding: str = "utf-8"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for values in rows:
        writer.writerow([values.get(column, "") for column in COLUMNS])
    text = buffer.getvalue()
    if encoding == "cp1258":
        return windows_1258(text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def windows_1258(text: str) -> bytes:
    """Text as old Vietnamese Windows tools save it: letters with a circumflex, breve or horn are
    single characters, tone marks are separate combining characters after them."""
    out = []
    for char in text:
        base, *marks = unicodedata.normalize("NFD", char)
        for modifier in [mark for mark in marks if mark in "\u0302\u0306\u031b"]:
            base = unicodedata.normalize("NFC", base + modifier)
            marks.remove(modifier)
        out.append(base + "".join(marks))
    return "".join(out).encode("cp1258")


def xlsx_bytes(rows: list[list], headers=VIETNAMESE_HEADERS, title_rows: tuple = (), sheets: int = 1) -> bytes:
    """A workbook whose cells are given as Excel would hold them (numbers as numbers)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    for title in title_rows:
        sheet.append([title])
    sheet.append(list(headers))
    for values in rows:
        sheet.append(values)
    for n in range(1, sheets):
        workbook.create_sheet(f"Ghi chú {n}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cells_in_order(values: dict) -> list:
    return [values.get(column, "") for column in COLUMNS]


def imported(db, data: bytes, dry_run: bool = False, actor=None):
    """Run an import and end its unit of work as the command does: commit, or roll back a dry run."""
    report = run_import(data, dry_run=dry_run, actor=actor, filename="test.csv")
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def producer_with(db, code: str) -> Producer | None:
    return db.session.scalar(select(Producer).where(Producer.tax_code == code))


def product_of(db, tax: str, code: str) -> Product | None:
    return db.session.scalar(
        select(Product)
        .join(Producer, Producer.id == Product.producer_id)
        .where(Producer.tax_code == tax, Product.code == code)
    )


def outcome(report, row_number: int) -> list[tuple[str, str]]:
    """The (status, code) pairs the report holds for one row."""
    return [(line.status, line.code) for line in report.lines if line.row == row_number]


def rejection(report, row_number: int) -> str:
    codes = [line.code for line in report.lines if line.row == row_number and line.status == "rejected"]
    assert len(codes) == 1, f"row {row_number}: {outcome(report, row_number)}"
    return codes[0]
