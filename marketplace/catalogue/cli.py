"""`flask import-catalogue PATH [--dry-run]`: import an organisers' list from the command line."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import force_locale
from flask_babel import gettext as _

from marketplace.catalogue.imports.analyse import analyse_loaded_tables, vacuum_search_entries
from marketplace.catalogue.imports.importer import run_import
from marketplace.catalogue.imports.reader import ImportFileError
from marketplace.catalogue.imports.report import REJECTED, WARNING, ImportReport, report_csv
from marketplace.core.unitofwork import unit_of_work
from marketplace.extensions import db
from marketplace.search.sync import send_pending


@click.command("import-catalogue")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report what would change; save nothing.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the full report, row by row, to this CSV file.",
)
@click.option(
    "--lang",
    type=click.Choice(("en", "vi")),
    default="en",
    show_default=True,
    help="Language of the report (the reasons given for each row).",
)
@with_appcontext
def import_catalogue_command(path: Path, dry_run: bool, report_path: Path | None, lang: str):
    """Import producers and products from a CSV or XLSX file, one row per product.

    Producers are matched by tax code and products by (producer, product code): importing the same
    file again changes nothing. A rejected row changes nothing; the report says why. The exit
    status is 1 when the file cannot be read at all."""
    with force_locale(lang):
        _import(path, dry_run, report_path)


def _import(path: Path, dry_run: bool, report_path: Path | None) -> None:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise click.ClickException(
            _("The file %(path)s cannot be read: %(error)s", path=str(path), error=error.strerror or str(error))
        ) from error
    try:
        with unit_of_work():
            report = run_import(data, dry_run=dry_run, filename=path.name, on_progress=_progress())
            if dry_run:
                raise _NothingSaved(report)
    except _NothingSaved as dry:
        report = dry.report
    except ImportFileError as error:
        raise click.ClickException(str(error)) from error
    if not dry_run and (report.created or report.updated):
        with unit_of_work():  # after the import's commit: the statistics describe the committed rows
            analyse_loaded_tables()  # the site's readers get plans made for what is now there
        vacuum_search_entries()
    if report_path is not None:
        try:
            report_path.write_bytes(report_csv(line.as_dict() for line in report.lines))
        except OSError as error:
            click.echo(
                _(
                    "The report could not be written to %(path)s: %(error)s",
                    path=str(report_path),
                    error=error.strerror or str(error),
                ),
                err=True,
            )
    _print_report(path, report)


class _NothingSaved(Exception):  # noqa: N818  (not an error: how a dry run leaves its unit of work)
    """Ends a dry run's unit of work by rolling it back, whatever the run may have flushed."""

    def __init__(self, report: ImportReport):
        super().__init__("dry run")
        self.report = report


def _progress():
    """Rows done so far, on stderr, so that a long import shows it is alive. After each batch the
    search index is given what the batch wrote, to write beside the next ones (shown at the commit):
    this command is one transaction, so it would otherwise all be written after the last row."""
    shown = {"rows": 0}

    def show(report: ImportReport) -> None:
        send_pending(db.session)
        if report.processed_rows and report.processed_rows != shown["rows"]:
            shown["rows"] = report.processed_rows
            click.echo(
                _("%(done)s of %(total)s rows done", done=report.processed_rows, total=report.total_rows), err=True
            )

    return show


def _print_report(path: Path, report: ImportReport) -> None:
    click.echo(_("Import of %(name)s", name=path.name))
    if report.dry_run:
        click.echo(_("Dry run: nothing was saved. This is what the import would do."))
    click.echo(_("Rows read: %(rows)s", rows=report.total_rows))
    click.echo(
        _(
            "Products created: %(created)s, updated: %(updated)s, unchanged: %(unchanged)s",
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    )
    click.echo(_("Rows rejected: %(rejected)s", rejected=report.rejected))
    click.echo(_("Warnings: %(warnings)s", warnings=report.warnings))
    click.echo(
        _(
            "Producers created: %(created)s, updated: %(updated)s",
            created=report.producers_created,
            updated=report.producers_updated,
        )
    )
    for status, title in ((REJECTED, _("Rejected rows, with the reason:")), (WARNING, _("Warnings, row by row:"))):
        lines = report.lines_with(status)
        if lines:
            click.echo(title)
            for line in lines:
                click.echo(f"  {_('Row %(row)s', row=line.row)} [{line.code}] {line.reason}")
