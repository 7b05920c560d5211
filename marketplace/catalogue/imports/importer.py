"""The one entry point the command line, the web job and the benchmark share: run_import()."""

from marketplace.catalogue.imports.apply import Applier
from marketplace.catalogue.imports.preload import load_snapshot
from marketplace.catalogue.imports.reader import read_table
from marketplace.catalogue.imports.report import WARNING, ImportReport
from marketplace.catalogue.imports.rows import RowPlan, plan_row, reconcile
from marketplace.core.audit import record_event


def run_import(data: bytes, *, dry_run: bool = False, actor=None, filename: str = "",
               on_progress=None, progress_every: int = 500) -> ImportReport:
    """Read, check and apply a file's rows; flushes, never commits (the caller owns the unit of
    work). `on_progress(report)` is called once the rows are counted, then every
    `progress_every` rows. Raises reader.ImportFileError when the file cannot be read at all."""
    table = read_table(data)
    report = ImportReport(dry_run=dry_run, total_rows=len(table.rows))
    for note in table.warnings:
        report.add(1, WARNING, "file", note)
    results = reconcile([plan_row(number, cells) for number, cells in table.rows])
    if on_progress is not None:
        on_progress(report)
    tax_codes = {result.producer.tax_code for result in results if isinstance(result, RowPlan)}
    applier = Applier(load_snapshot(tax_codes), report, actor=actor, dry_run=dry_run)
    applier.apply(results, on_progress, progress_every)
    if not dry_run:
        record_event("catalogue_imported", actor=actor, subject=filename[:200] or None,
                     **report.counts())
    return report


def after_import(product_ids: set[int] | list[int]) -> None:
    """Called once an import's changes are committed, with the ids of the products it created or
    changed. The search index plugs in here (a later issue); until then products are found
    through their `search_text`, which the import keeps current."""
