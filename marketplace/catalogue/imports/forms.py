"""The organisers' upload form: a CSV or XLSX file (checked by its content, size-limited) and the
dry-run choice."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, FileField
from wtforms.validators import ValidationError

from marketplace.catalogue.imports.reader import ImportFileError, check_unpacked_size, sniff
from marketplace.core.forms import Form

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".txt", ".tsv")


def max_upload_bytes() -> int:
    return int(current_app.config["IMPORT_MAX_BYTES"])


def size_text(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


class ImportForm(Form):
    file = FileField(
        _l("List of producers and products"),
        description=_l(
            "A CSV file or an Excel workbook (.xlsx), one row per product, with a header row. "
            "Vietnamese column names are accepted."
        ),
        render_kw={
            "accept": ".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        },
    )
    dry_run = BooleanField(
        _l("Dry run: check the file and show what would change, without saving anything"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_bytes: bytes = b""

    def validate_file(self, field) -> None:
        upload = field.data
        if upload is None or not getattr(upload, "filename", ""):
            raise ValidationError(_l("Choose a file to import."))
        name = upload.filename.lower()
        if not name.endswith(ALLOWED_SUFFIXES):
            raise ValidationError(_l("Only CSV files and Excel workbooks (.xlsx) can be imported."))
        limit = max_upload_bytes()
        data = upload.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(_l("The file is larger than %(size)s.", size=size_text(limit)))
        if not data.strip():
            raise ValidationError(_l("The file is empty."))
        kind = sniff(data)
        if kind is None or (kind == "xlsx") != name.endswith(".xlsx"):
            raise ValidationError(
                _l("This file is not what its name says: only CSV files and Excel workbooks (.xlsx) can be imported.")
            )
        if kind == "xlsx":  # a zip bomb is refused now, not after it is stored and queued
            try:
                check_unpacked_size(data)
            except ImportFileError as error:
                raise ValidationError(str(error)) from None
        self.data_bytes = data
