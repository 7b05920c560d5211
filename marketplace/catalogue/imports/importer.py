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
    work). `on_progress(report)` is called once the rows are counted, then after every
    `progress_every` rows. Raises reader.ImportFileError when the file cannot be read at all."""
    table = read_table(data)
    report = ImportReport(dry_run=dry_run, total_rows=len(table.rows))
    for note in table.warnings:
        report.add(1, WARNING, "file", note)
    if on_progress is not None:
        on_progress(report)
    results = reconcile([plan_row(number, cells) for number, cells in table.rows])
    plans = [result for result in results if isinstance(result, RowPlan)]
    snapshot = load_snapshot(
        {plan.producer.tax_code for plan in plans},
        {code for plan in plans if (code := (plan.producer.values.get("commune") or (None,))[0])},
    )
    Applier(snapshot, report, actor=actor, dry_run=dry_run).apply(results, on_progress, progress_every)
    if not dry_run:
        record_event("catalogue_imported", actor=actor, subject=filename[:200] or None, **report.counts())
    return report
