"""Read an import file (CSV or XLSX, told apart by content) into rows keyed by our column names."""

import codecs
import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from marketplace.core.text import fold

# Our column names, each with the headers organisers' own sheets use for it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "producer_name": (
        "Tên cơ sở",
        "Tên cơ sở sản xuất",
        "Tên doanh nghiệp",
        "Tên đơn vị",
        "Cơ sở",
        "Producer",
        "Producer name",
        "Establishment",
    ),
    "tax_code": ("Mã số thuế", "MST", "Tax code"),
    "province": ("Tỉnh/Thành phố", "Tỉnh/TP", "Tỉnh", "Tỉnh thành", "Tỉnh, thành phố", "Province"),
    "commune": ("Xã/Phường", "Xã/Phường/Đặc khu", "Xã, phường", "Xã", "Phường", "Commune"),
    "address": ("Địa chỉ", "Địa chỉ chi tiết", "Address"),
    "phone": ("Điện thoại", "Số điện thoại", "SĐT", "ĐT", "Phone", "Telephone"),
    "email": ("Email", "E-mail", "Thư điện tử"),
    "website": ("Website", "Trang web", "Trang thông tin điện tử"),
    "establishment_type": ("Loại hình", "Loại hình cơ sở", "Loại hình tổ chức", "Type"),
    "product_code": ("Mã sản phẩm", "Mã SP", "Product code"),
    "product_name": ("Tên sản phẩm", "Tên SP", "Product name", "Product"),
    "product_name_en": (
        "Tên tiếng Anh",
        "Tên sản phẩm tiếng Anh",
        "Tên sản phẩm (tiếng Anh)",
        "English name",
        "Name in English",
    ),
    "product_group": ("Nhóm sản phẩm", "Nhóm SP", "Nhóm", "Group", "Product group"),
    "category": ("Danh mục", "Danh mục sản phẩm", "Category"),
    "description": ("Mô tả", "Mô tả sản phẩm", "Description"),
    "price_vnd": ("Giá (VNĐ)", "Giá (đồng)", "Giá", "Giá bán", "Đơn giá", "Price", "Price (VND)"),
    "unit": ("Đơn vị tính", "ĐVT", "Đơn vị", "Unit"),
    "min_order_qty": (
        "Số lượng tối thiểu",
        "Số lượng đặt tối thiểu",
        "Đơn hàng tối thiểu",
        "SL tối thiểu",
        "MOQ",
        "Minimum order",
    ),
    "certifications": ("Chứng nhận", "Chứng chỉ", "Giấy chứng nhận", "Certifications"),
    "ocop_stars": ("Số sao OCOP", "Sao OCOP", "Hạng sao OCOP", "OCOP", "OCOP stars"),
}
REQUIRED_COLUMNS = ("producer_name", "tax_code", "province", "product_code", "product_name", "product_group")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the binary .xls of Excel 97-2003
MAX_UNPACKED_BYTES = 300 * 1024 * 1024  # an XLSX that inflates beyond this is refused (zip bomb)
# Row-number columns ("STT": số thứ tự) carry nothing to import and need no warning.
IGNORED_HEADERS = {"stt", "tt", "sott", "sothutu", "no", "number"}
HEADER_SEARCH_ROWS = 10  # how far down the header row may be, below title rows
# Spreadsheets drop a leading zero from numbers: "0101243150" comes back as 101243150.
_ZERO_PADDED = {"tax_code": 10}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; str() is the translated reason."""


def header_key(text: str) -> str:
    """'Giá (VNĐ)' and 'gia vnd' and 'price_vnd' compare alike: folded letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", fold(str(text)))


HEADER_KEYS = {header_key(name): name for name in COLUMNS}
for _name, _aliases in COLUMNS.items():
    HEADER_KEYS.update({header_key(alias): _name for alias in _aliases})


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, cells); header is row 1
    warnings: list[str] = field(default_factory=list)


def sniff(data: bytes) -> str | None:
    """'xlsx' for a zip holding [Content_Types].xml, 'csv' for text, None for anything else."""
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "csv"  # Excel's "Unicode Text": tab-separated UTF-16
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return "xlsx" if "[Content_Types].xml" in archive.namelist() else None
        except zipfile.BadZipFile:
            return None
    head = data[:65536]
    if not head.strip() or b"\x00" in head:
        return None  # empty, or binary (images, PDFs and office files all carry NUL bytes)
    text = head.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    return "csv" if controls <= len(text) // 100 else None


def read_table(data: bytes) -> Table:
    kind = sniff(data)
    if kind is None and data[:8] == OLE2_MAGIC:
        raise ImportFileError(
            _l(
                "This is an old Excel workbook (.xls): open it in Excel and save it as "
                '.xlsx or as "CSV UTF-8", then import that file.'
            )
        )
    if kind is None:
        raise ImportFileError(_l("This file is neither a CSV file nor an Excel (.xlsx) workbook."))
    grid, notes = _xlsx_grid(data) if kind == "xlsx" else _csv_grid(data)
    return _to_table(kind, grid, notes)


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as error:
            raise ImportFileError(_l("The file's text encoding could not be read.")) from error
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1258", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [
            str(
                _l(
                    "The file is not in UTF-8; it was read as %(encoding)s. Check the "
                    'Vietnamese letters, or save it again as "CSV UTF-8".',
                    encoding=encoding,
                )
            )
        ]
    raise ImportFileError(_l("The file's text encoding could not be read."))  # pragma: no cover


def _csv_grid(data: bytes) -> tuple[list[list[str]], list[str]]:
    text, notes = _decode(data)
    sample = "\n".join(text.split("\n", HEADER_SEARCH_ROWS + 2)[: HEADER_SEARCH_ROWS + 1])
    # Excel set to Vietnamese writes ";" (its decimal mark is ","); tabs come from copy-paste.
    # Several lines decide, as the first may be a title above the header.
    delimiter = max((",", ";", "\t"), key=sample.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), notes


def check_unpacked_size(data: bytes) -> None:
    """Refuse a zip bomb from the archive's directory alone, before anything is inflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ImportFileError(_l("This workbook is too large once unpacked."))


def _xlsx_grid(data: bytes) -> tuple[list[list[object]], list[str]]:
    from openpyxl import load_workbook

    check_unpacked_size(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it skips; they do not matter here.
            warnings.simplefilter("ignore")
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                grid = [list(row) for row in sheet.iter_rows(values_only=True)]
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise ImportFileError(_l("This Excel workbook could not be read.")) from error
    notes = []
    if len(workbook.sheetnames) > 1:
        notes.append(str(_l("Only the first sheet (%(name)s) was read.", name=workbook.sheetnames[0])))
    return grid, notes


def _cell_text(value: object, column: str | None) -> str:
    if type(value) is str:  # every cell of a CSV file, most of a workbook's: checked first
        # Composed letters: Windows-1258 files and some Mac tools give tone marks as separate characters.
        return unicodedata.normalize("NFC", value).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        width = _ZERO_PADDED.get(column or "")
        if column == "phone" and not str(value).startswith("84"):
            return f"0{value}"  # national numbers start with 0, which a number cell drops
        return str(value).zfill(width) if width else str(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


def _header_positions(row: list[object]) -> tuple[dict[str, int], list[str]]:
    """Our column name -> position for one candidate header row, and notes on what was skipped."""
    positions: dict[str, int] = {}
    notes: list[str] = []
    for position, value in enumerate(row):
        title = _cell_text(value, None)
        key = header_key(title) if title else ""
        name = HEADER_KEYS.get(key)
        if name is None:
            if title and key not in IGNORED_HEADERS:
                notes.append(str(_l('The column "%(title)s" is not one we know; it was ignored.', title=title)))
        elif name in positions:
            notes.append(str(_l('The column "%(title)s" appears twice; the first one was used.', title=title)))
        else:
            positions[name] = position
    return positions, notes


def _find_header(grid: list[list[object]]) -> tuple[int, dict[str, int], list[str]]:
    """The header is the first row naming every required column; lists often open with a title
    row or two ("DANH SÁCH CƠ SỞ CNNT ...") above it."""
    best: tuple[int, dict[str, int], list[str]] | None = None
    candidates = [i for i, row in enumerate(grid) if any(_cell_text(v, None) for v in row)][:HEADER_SEARCH_ROWS]
    if not candidates:
        raise ImportFileError(_l("The file is empty."))
    for index in candidates:
        positions, notes = _header_positions(grid[index])
        if all(name in positions for name in REQUIRED_COLUMNS):
            return index, positions, notes
        if best is None or len(positions) > len(best[1]):
            best = (index, positions, notes)
    missing = [f"{name} ({COLUMNS[name][0]})" for name in REQUIRED_COLUMNS if name not in best[1]]
    raise ImportFileError(_l("The file has no column for: %(columns)s.", columns=", ".join(missing)))


def _to_table(kind: str, grid: list[list[object]], notes: list[str]) -> Table:
    header_index, positions, header_notes = _find_header(grid)
    rows = []
    for index in range(header_index + 1, len(grid)):
        cells = grid[index]
        values = {name: _cell_text(cells[pos], name) if pos < len(cells) else "" for name, pos in positions.items()}
        if any(values.values()):
            rows.append((index + 1, values))
    return Table(kind=kind, columns=list(positions), rows=rows, warnings=notes + header_notes)
