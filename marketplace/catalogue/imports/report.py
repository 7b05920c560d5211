"""What an import did, row by row: counts for the summary and lines for the full report."""

from dataclasses import dataclass, field

CREATED, UPDATED, UNCHANGED, REJECTED, WARNING = "created", "updated", "unchanged", "rejected", "warning"
ROW_STATUSES = (CREATED, UPDATED, UNCHANGED, REJECTED)
COUNTED = ("created", "updated", "unchanged", "rejected", "warnings")


@dataclass
class ReportLine:
    row: int
    status: str
    code: str = ""
    reason: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "status": self.status, "code": self.code, "reason": self.reason}


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
        self.lines.append(ReportLine(row, status, code, str(reason)))
        if status == WARNING:
            self.warnings += 1
        else:
            setattr(self, status, getattr(self, status) + 1)
            self.processed_rows += 1

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in ("total_rows", "processed_rows", *COUNTED)}

    def lines_with(self, *statuses: str) -> list[ReportLine]:
        return [line for line in self.lines if line.status in statuses]
