"""What an import did, row by row: counts for the summary and lines for the full report."""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from marketplace.catalogue.imports.reader import COLUMNS

CREATED, UPDATED, UNCHANGED, REJECTED, WARNING = "created", "updated", "unchanged", "rejected", "warning"
ROW_STATUSES = (CREATED, UPDATED, UNCHANGED, REJECTED)
COUNTED = ("created", "updated", "unchanged", "rejected", "warnings", "producers_created", "producers_updated")


def message_data(reason: object) -> list | None:
    """A reason as data that can be translated again later: [{"msgid", "params"} or {"text"}, ...].

    The web report shows each reason in the language of whoever reads it, not the one the job
    ran in; the stored text stays for old reports and for what cannot be translated (a database
    error). A list of reasons (a rejected row's issues) is kept as a list."""
    parts = reason if isinstance(reason, (list, tuple)) else [reason]
    data = [_part(part) for part in parts]
    return data if any("msgid" in part for part in data) else None


def _part(value: object) -> dict:
    if isinstance(value, LazyString) and getattr(value._func, "__name__", "") == "gettext" and value._args:
        return {"msgid": value._args[0], "params": {k: _param(v) for k, v in value._kwargs.items()}}
    return {"text": str(value)}


def _param(value: object) -> object:
    if isinstance(value, LazyString):
        return _part(value)
    return value if isinstance(value, (int, float, str)) or value is None else str(value)


def _render_part(part: dict) -> str:
    if "msgid" not in part:
        return str(part.get("text", ""))
    params = {k: _render_part(v) if isinstance(v, dict) else v for k, v in (part.get("params") or {}).items()}
    return _(part["msgid"], **params)


def line_text(line: dict) -> str:
    """A stored report line's reason in the current language (the stored text when it has no message)."""
    message = line.get("message")
    if not message:
        return line.get("reason", "")
    return "; ".join(_render_part(part) for part in message)


def _as_text(reason: object) -> str:
    return "; ".join(str(part) for part in reason) if isinstance(reason, (list, tuple)) else str(reason)


@dataclass
class ReportLine:
    row: int
    status: str
    code: str = ""
    reason: str = ""
    message: list | None = None

    def as_dict(self) -> dict:
        data = {"row": self.row, "status": self.status, "code": self.code, "reason": self.reason}
        if self.message:
            data["message"] = self.message
        return data


@dataclass
class ImportReport:
    dry_run: bool = False
    total_rows: int = 0
    processed_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: int = 0
    producers_created: int = 0
    producers_updated: int = 0
    lines: list[ReportLine] = field(default_factory=list)
    changed_product_ids: set[int] = field(default_factory=set)

    def add(self, row: int, status: str, code: str = "", reason: object = "") -> None:
        """One line; a row's outcome (created, updated, unchanged, rejected) also counts as processed."""
        self.lines.append(ReportLine(row, status, code, _as_text(reason), message_data(reason)))
        if status == WARNING:
            self.warnings += 1
        else:
            setattr(self, status, getattr(self, status) + 1)
            self.processed_rows += 1

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in ("total_rows", "processed_rows", *COUNTED)}

    def lines_with(self, *statuses: str) -> list[ReportLine]:
        return [line for line in self.lines if line.status in statuses]


STATUS_LABELS = {
    CREATED: _l("created"),
    UPDATED: _l("updated"),
    UNCHANGED: _l("unchanged"),
    REJECTED: _l("rejected"),
    WARNING: _l("warning"),
}


def report_csv(lines: Iterable[dict]) -> bytes:
    """The row-by-row report as CSV for Excel (UTF-8 with a BOM): row, result, code, reason."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Row"), _("Result"), _("Code"), _("Details")])
    for line in lines:
        writer.writerow(
            [
                line["row"],
                str(STATUS_LABELS.get(line["status"], line["status"])),
                line["code"],
                _spreadsheet_safe(line_text(line)),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _spreadsheet_safe(text: str) -> str:
    """A cell Excel would run as a formula (it may quote the uploaded file) is kept as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


EXAMPLE_ROW = (
    "HTX Mây tre đan Phú Vinh",
    "0101243150",
    "Hà Nội",
    "Xã Phú Nghĩa",
    "Thôn Phú Vinh",
    "0912345678",
    "htx.phuvinh@example.vn",
    "",
    "Hợp tác xã",
    "MT-001",
    "Giỏ mây đan tay",
    "Hand-woven rattan basket",
    "1",
    "Mây tre đan",
    "Giỏ mây đan tay, đường kính 30 cm.",
    "150.000",
    "chiếc",
    "10",
    "VietGAP; ATTP",
    "4",
)


def template_csv() -> bytes:
    """An empty list for organisers: every column under its Vietnamese header, and one example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([aliases[0] for aliases in COLUMNS.values()])
    writer.writerow(EXAMPLE_ROW)
    return buffer.getvalue().encode("utf-8-sig")
