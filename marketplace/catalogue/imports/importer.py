"""The one entry point the command line, the web job and the benchmark share: run_import()."""

import gc
from contextlib import contextmanager

from marketplace.catalogue.imports.apply import Applier
from marketplace.catalogue.imports.preload import load_snapshot
from marketplace.catalogue.imports.reader import read_table
from marketplace.catalogue.imports.report import WARNING, ImportReport
from marketplace.catalogue.imports.rows import RowPlan, plan_row, reconcile
from marketplace.core.audit import record_event


@contextmanager
def cyclic_gc_paused():
    """An import keeps hundreds of thousands of objects alive until it ends; the cyclic garbage
    collector would rescan them over and over (a third of the run time, see bench/bench_import.py).
    They are freed when the import ends, so collection waits until then."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run_import(
    data: bytes, *, dry_run: bool = False, actor=None, filename: str = "", on_progress=None, progress_every: int = 500
) -> ImportReport:
    """Read, check and apply a file's rows; flushes, never commits (the caller owns the unit of
    work). `on_progress(report)` is called once the rows are counted, then after every
    `progress_every` rows. Raises reader.ImportFileError when the file cannot be read at all."""
    with cyclic_gc_paused():
        return _run_import(data, dry_run, actor, filename, on_progress, progress_every)


def _run_import(data: bytes, dry_run: bool, actor, filename: str, on_progress, progress_every: int) -> ImportReport:
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
