"""Bank statements: read a CSV (date, amount, description), match each credit to an invoice by the
reference in its description and the amount, preview the result, and apply only the clear matches."""

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.core.models import utcnow
from marketplace.core.money import parse_vnd
from marketplace.extensions import db
from marketplace.media.names import upload_name
from marketplace.payments import ledger, settlement
from marketplace.payments.models import BANK_TRANSFER, BankStatement, Invoice
from marketplace.payments.services import REFERENCE_LENGTH, REFERENCE_PREFIX, PaymentError

MAX_LINES = 5000
FIELD = "statement"  # what a refusal names: the uploaded file (the statement form's field)
MATCHED, AMBIGUOUS, UNMATCHED, ALREADY = "matched", "ambiguous", "unmatched", "already_recorded"
HEADER_ALIASES = {
    "date": ("date", "ngay", "ngay giao dich", "transaction date", "ngay gd"),
    "amount": ("amount", "so tien", "credit", "so tien ghi co", "ghi co"),
    "description": ("description", "noi dung", "dien giai", "mo ta", "noi dung chuyen khoan"),
}
_REFERENCE = re.compile(rf"(?=({REFERENCE_PREFIX}[A-Z0-9]{{{REFERENCE_LENGTH}}}))")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


@dataclass
class StatementLine:
    row: int
    on: date
    amount_vnd: int
    description: str
    fingerprint: str = ""
    outcome: str = UNMATCHED
    invoice: Invoice | None = None
    why: str | None = None


def _amount(raw: str) -> int:
    """ "1.250.000", "1,250,000", "1250000", "1 250 000 VND", "1250000.00" -> 1250000; debits below zero."""
    amount = parse_vnd(raw, signed=True)
    if amount is None:
        raise ValueError(raw)
    return amount


def _date(raw: str) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return datetime.strptime(raw.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(raw)


def _columns(header: list[str]) -> dict[str, int]:
    folded = [_fold(name) for name in header]
    found = {}
    for key, aliases in HEADER_ALIASES.items():
        index = next((i for i, name in enumerate(folded) if name in aliases), None)
        if index is None:
            raise PaymentError(_l("The statement needs the columns date, amount and description."), field=FIELD)
        found[key] = index
    return found


def _dialect(sample: str):
    """The sniffer's guess; when it gives up (a quoted cell holding commas or quotes, or a file that
    is not a table at all) the header line's most frequent separator decides, and the header
    check below then refuses what is not a statement."""
    if not sample.strip():
        return csv.excel
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        header = sample.strip().splitlines()[0]
        return _Separated(max(",;\t", key=header.count))


class _Separated(csv.excel):
    def __init__(self, delimiter: str) -> None:
        super().__init__()
        self.delimiter = delimiter


def read_statement(content: str) -> list[StatementLine]:
    """Parse the CSV (comma or semicolon); PaymentError naming the first bad row."""
    if "\x00" in content:  # never in a bank's CSV, and PostgreSQL cannot store it
        raise PaymentError(_l("Save the statement as CSV in UTF-8."), field=FIELD)
    rows = list(csv.reader(io.StringIO(content), _dialect(content[:2048])))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise PaymentError(_l("The statement is empty."), field=FIELD)
    if len(rows) > MAX_LINES + 1:
        raise PaymentError(_l("A statement may have at most %(n)s lines.", n=MAX_LINES), field=FIELD)
    columns = _columns(rows[0])
    lines = []
    for number, row in enumerate(rows[1:], start=2):
        try:
            line = StatementLine(
                number,
                _date(row[columns["date"]]),
                _amount(row[columns["amount"]]),
                row[columns["description"]].strip(),
            )
        except (ValueError, IndexError):
            raise PaymentError(
                _l("Line %(n)s: the date or the amount cannot be read.", n=number), field=FIELD
            ) from None
        lines.append(line)
    _fingerprint(lines)
    return lines


def _fingerprint(lines: list[StatementLine]) -> None:
    """A stable name for each credit, so importing the same statement twice records nothing twice;
    identical lines (two equal transfers on one day) are numbered."""
    seen: Counter = Counter()
    for line in lines:
        key = f"{line.on.isoformat()}|{line.amount_vnd}|{_normalise(line.description)}"
        seen[key] += 1
        digest = hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:24]
        line.fingerprint = f"stmt-{digest}"


def _normalise(description: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", _fold(description).upper())


def references_in(description: str) -> set[str]:
    """Every reference-shaped code in the description; banks drop spaces and dashes, so they are ignored."""
    return set(_REFERENCE.findall(_normalise(description)))


def match(lines: list[StatementLine]) -> list[StatementLine]:
    """Classify every credit: matched (one invoice, exactly its outstanding amount), ambiguous (a
    reference, but several invoices, a different amount, or the invoice no longer owes it) or
    unmatched (no known reference; debits too). Nothing is written."""
    codes = set().union(*(references_in(line.description) for line in lines)) if lines else set()
    invoices = {i.reference: i for i in db.session.scalars(select(Invoice).where(Invoice.reference.in_(codes)))}
    claimed = Counter()
    for line in lines:
        found = [invoices[code] for code in sorted(references_in(line.description)) if code in invoices]
        if line.amount_vnd <= 0 or not found:
            line.outcome, line.why = UNMATCHED, "no_reference" if line.amount_vnd > 0 else "not_a_credit"
            continue
        if len(found) > 1:
            line.outcome, line.why = AMBIGUOUS, "several_references"
            continue
        line.invoice = found[0]
        if ledger.find_chain(line.invoice, BANK_TRANSFER, line.fingerprint) is not None:
            line.outcome = ALREADY
            continue
        standing = ledger.standing_of(line.invoice)
        if not standing.payable:
            line.outcome, line.why = AMBIGUOUS, "nothing_owed"
        elif line.amount_vnd != standing.outstanding:
            line.outcome, line.why = AMBIGUOUS, "amount_differs"
        else:
            line.outcome = MATCHED
            claimed[line.invoice.id] += 1
    for line in lines:  # two credits for one invoice: the organiser decides which one pays it
        if line.outcome == MATCHED and claimed[line.invoice.id] > 1:
            line.outcome, line.why = AMBIGUOUS, "several_lines"
    return lines


def upload_statement(filename: str, content: str, actor) -> BankStatement:
    read_statement(content)  # refuse a file we cannot read before keeping it
    statement = BankStatement(
        filename=upload_name(filename, "statement.csv"), content=content, uploaded_by_id=getattr(actor, "id", None)
    )
    db.session.add(statement)
    db.session.flush()
    return statement


def apply_statement(statement: BankStatement, actor) -> list[StatementLine]:
    """Record every line that (still) matches; the others stay for the organiser to handle by hand."""
    lines = match(read_statement(statement.content))
    applied = []
    for line in lines:
        if line.outcome != MATCHED:
            continue
        entry = settlement.record_received(
            line.invoice,
            BANK_TRANSFER,
            line.fingerprint,
            line.amount_vnd,
            "VND",
            actor_id=getattr(actor, "id", None),
            note=line.description[:500],
            data={"statement_id": statement.id, "row": line.row, "date": line.on.isoformat()},
        )
        if entry is not None:
            applied.append(line)
    statement.applied_at = utcnow()
    statement.applied_count = (statement.applied_count or 0) + len(applied)
    db.session.flush()
    return applied
