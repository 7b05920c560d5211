"""The outcome report as files to send upward: an XLSX workbook (one sheet per table) and a PDF in
the vendored DejaVu Sans (it covers Vietnamese)."""

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from marketplace.core.i18n import format_date, format_datetime, format_vnd
from marketplace.core.models import utcnow
from marketplace.fairs.exhibitors_pdf import FONT, FairDocument
from marketplace.fairs.exports import FORMULA_STARTS, MONEY_FORMAT
from marketplace.fairs.outcome.figures import Outcome


def summary(outcome: Outcome) -> list[tuple[str, object]]:
    """The headline figures, labelled in the reader's language, in the order of the page."""
    return [
        (_("Visitors checked in"), outcome.visitors),
        (_("Exhibitors booked (paid)"), outcome.exhibitors_booked),
        (_("Exhibitors present"), outcome.exhibitors_present),
        (_("Leads recorded at the booths"), outcome.leads),
        (_("Inquiries started at the fair"), outcome.inquiries_started),
        (
            _("Quotes within %(days)s days", days=(outcome.quote_window_ends_on - outcome.fair.ends_on).days),
            outcome.quotes,
        ),
        (_("Quotes accepted"), outcome.quotes_accepted),
        (_("Subsidy spent (VND)"), outcome.subsidy_vnd),
    ]


def _subsidy_tables(outcome: Outcome) -> list[tuple]:
    return [
        (_("Subsidy by province"), _("Province"), outcome.subsidy_by_province),
        (_("Subsidy by establishment type"), _("Establishment type"), outcome.subsidy_by_type),
    ]


def _text(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # a name such as "=HYPERLINK(...)" stays text
    return value


def outcome_xlsx(outcome: Outcome) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    sheet.append([_text(outcome.fair.name)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([f"{format_date(outcome.fair.starts_on)} – {format_date(outcome.fair.ends_on)}"])
    for label, value in summary(outcome):
        sheet.append([label, value])
    sheet.cell(sheet.max_row, 2).number_format = MONEY_FORMAT
    sheet.column_dimensions["A"].width = 40

    days = book.create_sheet(_("Check-ins by day")[:31])
    days.append([_("Day"), _("Visitors"), _("Exhibitors' staff"), _("Total")])
    for day in outcome.days:
        days.append([format_date(day.day), day.visitors, day.exhibitor_staff, day.total])
    for title, heading, rows in _subsidy_tables(outcome):
        table = book.create_sheet(title[:31])
        table.append([heading, _("Exhibitors"), _("Subsidy (VND)")])
        for row in rows:
            table.append([_text(row.label), row.exhibitors, row.subsidy_vnd])
            table.cell(table.max_row, 3).number_format = MONEY_FORMAT
        table.column_dimensions["A"].width = 32
    for worksheet in book.worksheets[1:]:
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Report(FairDocument):
    def table_of(self, headings: tuple, rows: list[tuple], widths: tuple) -> None:
        self.set_font(FONT, "", 9)
        with self.table(
            col_widths=widths, repeat_headings=1, line_height=5, text_align=("LEFT", *("RIGHT",) * (len(widths) - 1))
        ) as table:
            heading = table.row()
            for text in headings:
                heading.cell(str(text))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(str(value))
        self.ln(3)


def outcome_pdf(outcome: Outcome) -> bytes:
    fair = outcome.fair
    pdf = _Report(_("Printed on %(time)s", time=format_datetime(utcnow())))
    pdf.line_text(_("Outcome of the fair"), 10)
    pdf.line_text(fair.name, 15, bold=True, height=7)
    place = ", ".join(part for part in (fair.venue, fair.province.name if fair.province else "") if part)
    pdf.line_text(f"{format_date(fair.starts_on)} – {format_date(fair.ends_on)} · {place}", 10)
    pdf.ln(2)
    pdf.table_of(
        (_("Figure"), _("Value")),
        [(label, format_vnd(value) if index == 7 else value) for index, (label, value) in enumerate(summary(outcome))],
        (120, 62),
    )
    if outcome.days:
        pdf.line_text(_("Check-ins by day"), 11, bold=True)
        pdf.table_of(
            (_("Day"), _("Visitors"), _("Exhibitors' staff"), _("Total")),
            [(format_date(d.day), d.visitors, d.exhibitor_staff, d.total) for d in outcome.days],
            (60, 40, 42, 40),
        )
    for title, heading, rows in _subsidy_tables(outcome):
        pdf.line_text(title, 11, bold=True)
        if rows:
            pdf.table_of(
                (heading, _("Exhibitors"), _("Subsidy")),
                [(row.label, row.exhibitors, format_vnd(row.subsidy_vnd)) for row in rows],
                (90, 40, 52),
            )
        else:
            pdf.line_text(_("No paid booth."), 9)
    return bytes(pdf.output())
