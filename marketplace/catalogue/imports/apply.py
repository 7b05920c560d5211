"""Apply checked rows in batches: decide each row, write the batch in one SAVEPOINT and one flush;
when a batch fails, undo it and apply its rows one SAVEPOINT each, so only the guilty row is
rejected and every other row is still applied whole."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import SQLAlchemyError

from marketplace.catalogue.imports import bulk
from marketplace.catalogue.imports.decide import Decision, decide
from marketplace.catalogue.imports.preload import ProducerState, ProductState, Snapshot
from marketplace.catalogue.imports.report import CREATED, REJECTED, UNCHANGED, UPDATED, WARNING, ImportReport
from marketplace.catalogue.imports.rows import Rejection, RowPlan
from marketplace.catalogue.imports.write import Writer
from marketplace.catalogue.models import DRAFT, PUBLISHED
from marketplace.extensions import db
from marketplace.producers.models import Producer


@dataclass
class Step:
    """One row to write: its plan, what it changes, and the snapshot entries it writes to."""

    plan: RowPlan
    decision: Decision
    producer: ProducerState
    product: ProductState
    product_id: int | None  # the existing product, None for a new one


@dataclass
class Outcome:
    """A batch's report lines and counts, added to the report only once the batch is written."""

    lines: list[tuple[int, str, str, object]] = field(default_factory=list)
    producers_created: set[str] = field(default_factory=set)
    producers_updated: set[str] = field(default_factory=set)
    product_ids: set[int] = field(default_factory=set)


class Applier:
    def __init__(self, snapshot: Snapshot, report: ImportReport, actor=None, dry_run: bool = False):
        self.snapshot, self.report, self.actor, self.dry_run = snapshot, report, actor, dry_run
        self.producers_created: set[str] = set()
        self.producers_updated: set[str] = set()

    def apply(self, results: list, on_progress=None, every: int = 500) -> None:
        """Apply `results` (plans and rejections, in row order) `every` rows at a time, calling
        `on_progress(report)` after each batch."""
        for start in range(0, len(results), every):
            self._apply_batch(results[start : start + every])
            if on_progress is not None:
                on_progress(self.report)

    def _apply_batch(self, batch: list) -> None:
        checkpoint = self.snapshot.checkpoint({r.producer.tax_code for r in batch if isinstance(r, RowPlan)})
        try:
            outcome = self._run(batch)
        except SQLAlchemyError:
            self.snapshot.restore(checkpoint)
            for result in batch:
                self._apply_alone(result)
        else:
            self._keep(outcome)

    def _apply_alone(self, result) -> None:
        """One row in its own SAVEPOINT: applied whole, or rejected with the database's reason."""
        if isinstance(result, Rejection):
            self._keep(self._run([result]))
            return
        checkpoint = self.snapshot.checkpoint({result.producer.tax_code})
        try:
            outcome = self._run([result])
        except SQLAlchemyError as error:
            self.snapshot.restore(checkpoint)
            detail = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
            outcome = Outcome(
                [(result.row, REJECTED, "not_saved", _l("The row could not be saved: %(error)s", error=detail))]
            )
        self._keep(outcome)

    def _run(self, batch: list) -> Outcome:
        outcome = Outcome()
        steps = [step for result in batch if (step := self._decide(result, outcome)) is not None]
        if not self.dry_run and steps:
            with db.session.begin_nested():
                self._write(steps, outcome)
        return outcome

    def _decide(self, result, outcome: Outcome) -> Step | None:
        """Report the row's outcome and bring the snapshot up to date for the rows after it."""
        if isinstance(result, Rejection):
            reason = [issue.message for issue in result.issues]  # joined by the report, kept translatable
            outcome.lines.append((result.row, REJECTED, result.code, reason))
            return None
        plan = result
        tax_code = plan.producer.tax_code
        producer = self.snapshot.producers.get(tax_code)
        product = self.snapshot.products.get((tax_code, plan.product.code))
        decision = decide(plan, producer, product)
        status = CREATED if decision.new_product else UPDATED if decision.changes_anything else UNCHANGED
        outcome.lines.append((plan.row, status, "", ", ".join(decision.changed_fields()) if status == UPDATED else ""))
        for issue in [*plan.warnings, *decision.warnings]:
            outcome.lines.append((plan.row, WARNING, issue.code, issue.message))
        if decision.new_producer:
            outcome.producers_created.add(tax_code)
        elif decision.producer:
            outcome.producers_updated.add(tax_code)
        if not decision.changes_anything:
            return None
        return Step(plan, decision, *self._remember(plan, decision, producer, product))

    def _remember(
        self, plan: RowPlan, decision: Decision, producer: ProducerState | None, product: ProductState | None
    ) -> tuple[ProducerState, ProductState, int | None]:
        tax_code = plan.producer.tax_code
        if producer is None:
            producer = self.snapshot.producers[tax_code] = ProducerState(None, {})
        producer.values.update(decision.producer)
        existing_id = product.id if product is not None else None
        if product is None:
            product = ProductState(None, DRAFT, {"category": None})
            self.snapshot.add_product(tax_code, plan.product.code, product)
        product.values.update(decision.product)
        product.certificates.extend((kind, None, None) for kind in decision.certificates)
        if decision.ocop_stars:
            product.certificates = [c for c in product.certificates if c[0] != "ocop" or c[2]]
            product.certificates.append(("ocop", decision.ocop_stars, None))
        if decision.publish:
            product.status = PUBLISHED
        return producer, product, existing_id

    def _write(self, steps: list[Step], outcome: Outcome) -> None:
        """New products of new producers in multi-row INSERTs (bulk.py), then the rest through
        the ORM (write.py), which may change a producer bulk.py has just inserted."""
        quick = [bulk.takes(step) for step in steps]  # before the inserts give producers their ids
        writer, inserter = Writer(self.snapshot, self.actor), bulk.BulkWriter(self.snapshot, self.actor)
        with db.session.no_autoflush:
            inserter.write([step for step, fast in zip(steps, quick, strict=True) if fast])
            rest = [step for step, fast in zip(steps, quick, strict=True) if not fast]
            writer.load_products([step.product_id for step in rest if step.product_id is not None])
            written = []
            for step in rest:
                written.append((step, self._write_step(writer, step)))
        db.session.flush()
        writer.record_events()
        writer.link_accounts()
        for step, product in written:
            step.product.id = product.id
            outcome.product_ids.add(product.id)
        outcome.product_ids |= inserter.product_ids

    def _write_step(self, writer: Writer, step: Step):
        decision, state = step.decision, step.producer
        if state.obj is None and state.id is not None:  # inserted by bulk.py: load it to change it
            state.obj = db.session.get(Producer, state.id)
        if state.obj is None or decision.producer:
            state.obj = writer.producer(state.obj, step.plan.producer.tax_code, decision.producer)
        return writer.product(state.obj, step.product_id, decision, step.plan.product.category)

    def _keep(self, outcome: Outcome) -> None:
        for row, status, code, reason in outcome.lines:
            self.report.add(row, status, code, reason)
        self.producers_created |= outcome.producers_created
        self.producers_updated |= outcome.producers_updated - self.producers_created
        self.report.producers_created = len(self.producers_created)
        self.report.producers_updated = len(self.producers_updated)
        self.report.changed_product_ids |= outcome.product_ids
