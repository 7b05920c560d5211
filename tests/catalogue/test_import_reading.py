"""Reading organisers' files: every rejection reason with its row number, header aliases, CSV and
XLSX as real tools write them, province spellings and pre-2025 names, unknown communes."""

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from marketplace.catalogue.imports.importer import run_import
from marketplace.catalogue.imports.reader import ImportFileError
from marketplace.producers.models import Producer
from tests.catalogue.import_fixtures import (
    COLUMNS,
    cells_in_order,
    csv_bytes,
    imported,
    outcome,
    producer_with,
    product_of,
    rejection,
    row,
    tax_code,
    xlsx_bytes,
)

# (cells to change on an otherwise good row, the code the report gives)
REJECTIONS = [
    ({"tax_code": "0101243151"}, "tax_code_invalid"),  # check digit should be 0
    ({"tax_code": "12345"}, "tax_code_invalid"),
    ({"tax_code": "0101243150-000"}, "tax_code_invalid"),
    ({"tax_code": ""}, "tax_code_missing"),
    ({"province": "Tỉnh Không Có"}, "province_unknown"),
    ({"province": ""}, "province_missing"),
    ({"price_vnd": "khoảng 50 nghìn"}, "price_invalid"),
    ({"price_vnd": "12,5"}, "price_invalid"),
    ({"price_vnd": "-5.000"}, "price_negative"),
    ({"price_vnd": "9.000.000.000.000.000"}, "price_too_high"),
    ({"ocop_stars": "6"}, "ocop_stars_invalid"),
    ({"ocop_stars": "-1"}, "ocop_stars_invalid"),
    ({"ocop_stars": "3.5"}, "ocop_stars_invalid"),
    ({"ocop_stars": "nhiều"}, "ocop_stars_invalid"),
    ({"email": "khong-phai-email"}, "email_invalid"),
    ({"email": "a@b"}, "email_invalid"),
    ({"producer_name": ""}, "producer_name_missing"),
    ({"product_code": ""}, "product_code_missing"),
    ({"product_name": "  "}, "product_name_missing"),
    ({"product_group": ""}, "product_group_missing"),
    ({"product_group": "7"}, "product_group_unknown"),
    ({"min_order_qty": "0"}, "min_order_qty_invalid"),
    ({"establishment_type": "tập đoàn"}, "establishment_type_unknown"),
    ({"product_name": "G" * 201}, "product_name_too_long"),
]


@pytest.mark.parametrize(("cells", "code"), REJECTIONS, ids=[code + ":" + str(c) for c, code in REJECTIONS])
def test_a_bad_row_is_rejected_with_its_row_number_and_reason_and_saves_nothing(db, cells, code):
    good, bad = row(1), row(2, **cells)
    report = imported(db, csv_bytes([good, bad]))

    assert rejection(report, 3) == code  # the header is row 1
    line = next(line for line in report.lines if line.row == 3 and line.status == "rejected")
    assert line.reason  # a sentence for people, not only the code
    assert outcome(report, 2) == [("created", "")]
    assert (report.created, report.rejected) == (1, 1)
    if "tax_code" not in cells:
        assert producer_with(db, tax_code(2)) is None  # the producer of a rejected row is not created either


def test_a_row_with_several_mistakes_names_them_all(db):
    report = imported(db, csv_bytes([row(1, price_vnd="abc", ocop_stars="9", email="x")]))

    assert set(rejection(report, 2).split(",")) == {"price_invalid", "ocop_stars_invalid", "email_invalid"}


def test_the_same_product_twice_in_one_file_rejects_the_second_row_naming_the_first(db):
    report = imported(db, csv_bytes([row(1, "A"), row(1, "B"), row(1, "A", price_vnd="99.000")]))

    assert rejection(report, 4) == "duplicate_product"
    assert "2" in next(line.reason for line in report.lines if line.row == 4)
    assert product_of(db, tax_code(1), "A").price_vnd == 150_000  # the first row wins
    assert report.created == 2


def test_rows_of_one_producer_that_disagree_reject_the_later_row(db):
    report = imported(db, csv_bytes([row(1, "A"), row(1, "B", province="Thanh Hóa")]))

    assert rejection(report, 3) == "producer_conflict"
    assert producer_with(db, tax_code(1)).province_code == "01"
    assert product_of(db, tax_code(1), "B") is None


def test_rows_of_one_producer_may_spell_it_differently_and_fill_what_an_earlier_row_left_empty(db):
    first = row(1, "A", phone="", address="thon phu vinh")
    second = row(1, "B", phone="0912.345.678", address="Thôn Phú Vinh", province="ha noi")
    report = imported(db, csv_bytes([first, second]))

    assert (report.created, report.rejected) == (2, 0)
    assert producer_with(db, tax_code(1)).phone == "0912.345.678"


def test_vietnamese_headers_are_accepted_as_aliases(db):
    report = imported(
        db,
        csv_bytes(
            [row(1)],
            headers=(
                "Tên cơ sở",
                "MST",
                "Tỉnh",
                "Xã/Phường",
                "Địa chỉ",
                "SĐT",
                "E-mail",
                "Website",
                "Loại hình cơ sở",
                "Mã sản phẩm",
                "Tên SP",
                "Tên sản phẩm (tiếng Anh)",
                "Nhóm SP",
                "Danh mục sản phẩm",
                "Mô tả sản phẩm",
                "Đơn giá",
                "Đơn vị tính",
                "MOQ",
                "Chứng chỉ",
                "Hạng sao OCOP",
            ),
        ),
    )

    assert (report.created, report.rejected, report.warnings) == (1, 0, 0)
    product = product_of(db, tax_code(1), "SP01")
    assert (product.name_en, product.price_vnd, product.min_order_qty, product.ocop_stars) == (
        "Rattan basket SP01",
        150_000,
        10,
        4,
    )


def test_headers_without_accents_in_any_case_are_accepted(db):
    headers = (
        "TEN CO SO",
        "ma so thue",
        "tinh/thanh pho",
        "xa/phuong",
        "dia chi",
        "dien thoai",
        "email",
        "website",
        "loai hinh",
        "ma sp",
        "ten san pham",
        "ten tieng anh",
        "nhom san pham",
        "danh muc",
        "mo ta",
        "gia (vnd)",
        "don vi tinh",
        "so luong toi thieu",
        "chung nhan",
        "so sao ocop",
    )
    report = imported(db, csv_bytes([row(1)], headers=headers))

    assert (report.created, report.warnings) == (1, 0)


def test_an_unknown_column_is_reported_and_ignored_while_the_row_number_column_is_ignored_quietly(db):
    data = csv_bytes([row(1)], headers=COLUMNS).replace(b"ocop_stars", b"ocop_stars,Ghi ch\xc3\xba,STT", 1)
    report = imported(db, data)

    assert report.created == 1
    notes = [line.reason for line in report.lines if line.code == "file"]
    assert len(notes) == 1 and "Ghi chú" in notes[0]


@pytest.mark.parametrize(("delimiter", "bom"), [(",", True), (";", True), (";", False), ("\t", False)])
def test_csv_from_excel_is_read_with_or_without_bom_and_with_comma_semicolon_or_tab(db, delimiter, bom):
    data = csv_bytes([row(1, "A"), row(1, "B", description="Một; hai, ba")], delimiter=delimiter, bom=bom)
    report = imported(db, data)

    assert (report.created, report.rejected, report.warnings) == (2, 0, 0)
    producer = producer_with(db, tax_code(1))
    assert producer.name == "HTX Mây tre đan Phú Vinh 1"  # the BOM is not part of the first header
    assert product_of(db, tax_code(1), "B").description == "Một; hai, ba"


def test_a_semicolon_csv_with_a_title_line_above_the_header_is_read(db):
    data = "DANH SÁCH CƠ SỞ CNNT NĂM 2025\n".encode() + csv_bytes([row(1, description="a, b")], delimiter=";")
    report = imported(db, data)

    assert (report.created, report.rejected) == (1, 0)
    assert rejection_free_rows(report) == [3]
    assert product_of(db, tax_code(1), "SP01").description == "a, b"


def test_excel_unicode_text_in_utf16_is_read(db):
    report = imported(db, csv_bytes([row(1)], delimiter="\t", encoding="utf-16"))

    assert report.created == 1
    assert producer_with(db, tax_code(1)).name == "HTX Mây tre đan Phú Vinh 1"


def test_a_csv_saved_in_windows_1258_is_read_with_a_warning(db):
    report = imported(db, csv_bytes([row(1)], encoding="cp1258"))

    assert (report.created, report.rejected) == (1, 0)
    assert any(line.code == "file" and "UTF-8" in line.reason for line in report.lines)
    producer = producer_with(db, tax_code(1))
    assert (producer.name, producer.province_code, producer.commune_code) == (
        "HTX Mây tre đan Phú Vinh 1",
        "01",
        "10030",
    )


def test_xlsx_with_title_rows_numbers_as_numbers_and_a_second_sheet(db):
    first = cells_in_order(row(1))
    first[1] = 101243150  # Excel kept 0101243150 as a number and dropped the leading zero
    first[5] = 912345678  # the same for the phone number
    first[15], first[17], first[19] = 150000, 10.0, 4
    second = cells_in_order(row(1, "SP02", product_group="Chế biến nông, lâm, thủy sản và thực phẩm"))
    second[1] = "0101243150"
    data = xlsx_bytes([first, second], title_rows=("DANH SÁCH CƠ SỞ CÔNG NGHIỆP NÔNG THÔN", ""), sheets=2)

    report = imported(db, data)

    assert (report.created, report.rejected) == (2, 0)
    assert rejection_free_rows(report) == [4, 5]  # two title rows, then the header on row 3
    producer = producer_with(db, "0101243150")
    assert producer.phone == "0912345678"
    product = product_of(db, "0101243150", "SP01")
    assert (product.price_vnd, product.min_order_qty, product.ocop_stars) == (150_000, 10, 4)
    assert product_of(db, "0101243150", "SP02").group_number == 2
    assert any(line.code == "file" and "Danh sách" in line.reason for line in report.lines)


def rejection_free_rows(report) -> list[int]:
    return sorted({line.row for line in report.lines if line.status in ("created", "updated", "unchanged")})


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Hà Nội", "01"),
        ("ha noi", "01"),
        ("Thành phố Hà Nội", "01"),
        ("TP. Hồ Chí Minh", "79"),
        ("thanh pho ho chi minh", "79"),
        ("Tỉnh Thanh Hóa", "38"),
        ("THANH HOA", "38"),
        ("38", "38"),
    ],
)
def test_provinces_are_read_with_or_without_accents_and_prefixes(db, written, code):
    report = imported(db, csv_bytes([row(1, province=written, commune="")]))

    assert report.created == 1
    assert producer_with(db, tax_code(1)).province_code == code


@pytest.mark.parametrize(
    ("former", "today"),
    [
        ("Bến Tre", "86"),
        ("tinh ben tre", "86"),
        ("Hà Giang", "08"),
        ("Kiên Giang", "91"),
        ("Bình Định", "52"),
        ("Bà Rịa - Vũng Tàu", "79"),
        ("Quảng Bình", "44"),
    ],
)
def test_a_province_from_before_the_2025_merger_is_recorded_as_todays_province(db, former, today):
    report = imported(db, csv_bytes([row(1, province=former, commune="")]))

    assert (report.created, report.rejected) == (1, 0)
    assert producer_with(db, tax_code(1)).province_code == today


def test_a_commune_is_found_under_todays_province_when_the_row_names_the_former_one(db):
    report = imported(db, csv_bytes([row(1, province="Bến Tre", commune="Xã An Bình")]))

    assert report.created == 1
    producer = producer_with(db, tax_code(1))
    assert (producer.province_code, producer.commune_code, producer.commune_name) == ("86", "29584", None)


def test_an_unknown_commune_is_kept_as_written_with_a_warning(db):
    report = imported(db, csv_bytes([row(1, commune="Xã  Cổ Loa Cũ")]))

    assert outcome(report, 2) == [("created", ""), ("warning", "commune_unknown")]
    producer = producer_with(db, tax_code(1))
    assert (producer.commune_code, producer.commune_name) == (None, "Xã Cổ Loa Cũ")
    assert "Cổ Loa Cũ" in producer.place_name


def test_a_missing_type_of_establishment_is_guessed_from_the_name_with_a_warning(db):
    report = imported(
        db,
        csv_bytes(
            [
                row(1, establishment_type="", producer_name="Công ty TNHH Gốm Bát Tràng"),
                row(2, establishment_type="", producer_name="Lò gốm ông Tư"),
            ]
        ),
    )

    assert ("warning", "establishment_type_guessed") in outcome(report, 2)
    assert producer_with(db, tax_code(1)).establishment_type == "enterprise"
    assert producer_with(db, tax_code(2)).establishment_type == "household"


def test_an_unknown_certificate_is_ignored_with_a_warning(db):
    report = imported(db, csv_bytes([row(1, certifications="VietGAP; Giải vàng 2024; ISO 22000:2018")]))

    assert ("warning", "certification_unknown") in outcome(report, 2)
    kinds = sorted(c.kind for c in product_of(db, tax_code(1), "SP01").certifications)
    assert kinds == ["iso22000", "ocop", "vietgap"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "neither"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "neither"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".xls"),
        ("Tên cơ sở,Mã số thuế\nA,0101243150\n".encode(), "Tên sản phẩm"),
        (b"PK\x03\x04 not really a zip", "neither"),
    ],
)
def test_a_file_that_cannot_be_read_raises_a_clear_error_and_saves_nothing(db, data, message):
    before = db.session.scalar(select(func.count()).select_from(Producer))
    with force_locale("en"), pytest.raises(ImportFileError) as error:
        run_import(data)
        assert message in str(error.value)

    with force_locale("en"):
        assert message in str(error.value)
    assert db.session.scalar(select(func.count()).select_from(Producer)) == before


def test_a_phone_or_website_the_profile_form_would_refuse_is_left_out_with_a_warning(db):
    report = imported(
        db,
        csv_bytes(
            [
                row(1, phone="0912 345 678 / 0987 654 321", website="javascript:alert(1)"),
                row(2, phone="(+84) 912.345.678", website="phuvinh.example.vn"),
            ]
        ),
    )

    assert outcome(report, 2) == [("created", ""), ("warning", "phone_invalid"), ("warning", "website_invalid")]
    first = producer_with(db, tax_code(1))
    assert (first.phone, first.website) == (None, None)
    second = producer_with(db, tax_code(2))
    assert (second.phone, second.website) == ("(+84) 912.345.678", "https://phuvinh.example.vn")
