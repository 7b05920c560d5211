"""Apply checked rows: decide what each changes, then write it inside its own SAVEPOINT."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from marketplace.catalogue.imports.fields import guess_type_from_name
from marketplace.catalogue.imports.preload import ProducerState, ProductState, Snapshot, producer_values
from marketplace.catalogue.imports.report import CREATED, REJECTED, UNCHANGED, UPDATED, WARNING, ImportReport
from marketplace.catalogue.imports.rows import Issue, Rejection, RowPlan
from marketplace.catalogue.models import ARCHIVED, DRAFT, PUBLISHED, Category, Certification, Product
from marketplace.catalogue.services import (
    ProductError,
    publish_product,
    refresh_ocop_stars,
    refresh_search_text,
)
from marketplace.core.text import slugify
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.producers.services import ProducerError, create_producer, update_producer

# Producer fields a product's search text repeats: changing one refreshes all its products.
SEARCHED_PRODUCER_FIELDS = ("name", "province_code", "commune")


@dataclass
class Decision:
    """What one row changes; empty dicts and lists mean the row changes nothing."""

    producer: dict[str, object]
    product: dict[str, object]
    new_product: bool
    certificates: list[str] = field(default_factory=list)  # kinds to add
    ocop_stars: int | None = None  # stars to record, when not already held
    publish: bool = False
    warnings: list[Issue] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(self.new_product or self.producer or self.product or self.certificates
                    or self.ocop_stars or self.publish)


def category_key(group_number: int, name: str) -> tuple[int, str]:
    return group_number, slugify(name)[:140] or "khac"


class Applier:
    def __init__(self, snapshot: Snapshot, report: ImportReport, actor=None, dry_run: bool = False):
        self.snapshot, self.report, self.actor, self.dry_run = snapshot, report, actor, dry_run

    def apply(self, results: list, on_progress=None, every: int = 500) -> None:
        for done, result in enumerate(results, start=1):
            if isinstance(result, Rejection):
                self.reject(result.row, result.code, "; ".join(str(i.message) for i in result.issues))
            else:
                self.apply_row(result)
            if on_progress is not None and done % every == 0:
                on_progress(self.report)

    def reject(self, row: int, code: str, reason: str) -> None:
        self.report.add(row, REJECTED, code, reason)

    def apply_row(self, plan: RowPlan) -> None:
        producer = self.snapshot.producers.get(plan.producer.tax_code)
        product = self.snapshot.products.get((plan.producer.tax_code, plan.product.code))
        decision = decide(plan, producer, product)
        if not decision.changes_anything:
            self._finish(plan, UNCHANGED, decision, product)
            return
        written = Written()
        if not self.dry_run:
            try:
                with db.session.begin_nested():
                    self._write(plan, decision, producer, product, written)
            except (SQLAlchemyError, ProducerError, ProductError) as error:
                reason = _l("The row could not be saved: %(error)s", error=str(error).splitlines()[0])
                self.reject(plan.row, "not_saved", str(reason))
                return
            self._count(decision, producer, written)
        self._remember(plan, decision, producer, product, written)
        self._finish(plan, CREATED if decision.new_product else UPDATED, decision, product)

    def _finish(self, plan: RowPlan, status: str, decision: Decision, product: ProductState | None) -> None:
        changed = sorted({*decision.producer, *decision.product}) if status == UPDATED else []
        changed += decision.certificates + (["ocop_stars"] if decision.ocop_stars else [])
        self.report.add(plan.row, status, "", ", ".join(changed))
        for issue in [*plan.warnings, *decision.warnings]:
            self.report.add(plan.row, WARNING, issue.code, issue.message)
        if product is not None and product.status == ARCHIVED:
            self.report.add(plan.row, WARNING, "product_archived", _l(
                "This product is archived on the site; it was left archived."))

    def _count(self, decision: Decision, producer: ProducerState | None, written: "Written") -> None:
        if producer is None:
            self.report.producers_created += 1
        elif decision.producer:
            self.report.producers_updated += 1
        self.report.changed_product_ids.update(written.product_ids)

    # -- writing -----------------------------------------------------------------------------

    def _write(self, plan: RowPlan, decision: Decision, producer: ProducerState | None,
               product: ProductState | None, written: "Written") -> None:
        if producer is None:
            values = _model_fields({**decision.producer, "tax_code": plan.producer.tax_code})
            written.producer = create_producer(values, created_by=self.actor)
        else:
            written.producer = producer.obj
            if decision.producer:
                update_producer(producer.obj, _model_fields(decision.producer), actor=self.actor)
                if any(name in decision.producer for name in SEARCHED_PRODUCER_FIELDS):
                    written.product_ids += self._refresh_products_of(producer.obj)
        written.product = self._write_product(written, plan, decision, product)
        db.session.flush()
        written.product_ids.append(written.product.id)

    def _write_product(self, written: "Written", plan: RowPlan, decision: Decision,
                       state: ProductState | None) -> Product:
        changes = dict(decision.product)
        has_category = "category" in changes
        category = changes.pop("category", None)
        if state is None:
            product = Product(producer=written.producer, status=DRAFT, certifications=[], **changes)
            db.session.add(product)
        else:
            product = db.session.get(Product, state.id)
            for name, value in changes.items():
                setattr(product, name, value)
        if "name" in changes:
            product.slug = slugify(product.name)[:200] or "san-pham"
        if has_category:
            product.category = self._category(category, plan.product.category, written) if category else None
        for kind in decision.certificates:
            product.certifications.append(Certification(kind=kind))
        if decision.ocop_stars:
            _record_ocop(product, decision.ocop_stars)
        if decision.publish:
            publish_product(product)
        refresh_ocop_stars(product)
        refresh_search_text(product)
        return product

    def _category(self, key: tuple[int, str], name: str, written: "Written") -> Category:
        category = self.snapshot.categories.get(key)
        if category is None:
            category = written.category = Category(group_number=key[0], name=name, slug=key[1])
            db.session.add(category)
        return category

    def _refresh_products_of(self, producer) -> list[int]:
        products = list(db.session.scalars(select(Product).where(Product.producer_id == producer.id)))
        for product in products:
            refresh_search_text(product)
        return [product.id for product in products]

    # -- keeping the snapshot current for later rows -----------------------------------------

    def _remember(self, plan: RowPlan, decision: Decision, producer: ProducerState | None,
                  product: ProductState | None, written: "Written") -> None:
        if written.category is not None:
            self.snapshot.categories[(written.category.group_number, written.category.slug)] = written.category
        tax_code = plan.producer.tax_code
        if producer is None:
            producer = self.snapshot.producers[tax_code] = ProducerState(written.producer, {})
        if producer.obj is not None:
            producer.values = producer_values(producer.obj)
        else:
            producer.values.update(decision.producer)
        if product is None:
            product = ProductState(None, DRAFT, {"category": None})
            self.snapshot.products[(tax_code, plan.product.code)] = product
        if written.product is not None:
            product.id = written.product.id
        product.values.update(decision.product)
        product.certificates.extend((kind, None, None) for kind in decision.certificates)
        if decision.ocop_stars:
            product.certificates = [c for c in product.certificates if c[0] != "ocop" or c[2]]
            product.certificates.append(("ocop", decision.ocop_stars, None))
        if decision.publish:
            product.status = PUBLISHED


@dataclass
class Written:
    """The rows one import row wrote, known once its SAVEPOINT is released."""

    producer: object = None
    product: Product | None = None
    category: Category | None = None
    product_ids: list[int] = field(default_factory=list)


def decide(plan: RowPlan, producer: ProducerState | None, product: ProductState | None) -> Decision:
    """Compare a row with what the site holds; pure, so a dry run reports exactly what a real
    run would do."""
    wanted = dict(plan.producer_fields)
    warnings = []
    if producer is None:
        if "establishment_type" not in wanted:
            wanted["establishment_type"] = guess_type_from_name(plan.producer.values.get("name", ""))
            warnings.append(Issue("establishment_type_guessed", _l(
                "No type of establishment was given; it was recorded as %(type)s.",
                type=wanted["establishment_type"])))
        producer_changes = wanted
    else:
        producer_changes = {k: v for k, v in wanted.items() if producer.values.get(k) != v}
        _drop_commune_of_old_province(producer, producer_changes)
    item = plan.product
    target = {"name": item.name, "group_number": item.group_number, "price_vnd": item.price_vnd}
    for name in ("name_en", "description", "unit", "min_order_qty"):
        if getattr(item, name) is not None:
            target[name] = getattr(item, name)  # an empty cell never erases
    if item.category:
        target["category"] = category_key(item.group_number, item.category)
    elif product is not None and (product.values.get("category") or (item.group_number,))[0] != item.group_number:
        target["category"] = None  # the old category belongs to the old group
    if product is None:
        return Decision(producer_changes, target, True, list(item.certifications),
                        item.ocop_stars or None, publish=True, warnings=warnings)
    changes = {k: v for k, v in target.items() if product.values.get(k) != v}
    held = {kind for kind, _, _ in product.certificates}
    stars = {stars for kind, stars, _ in product.certificates if kind == "ocop"}
    return Decision(
        producer_changes, changes, False,
        [kind for kind in item.certifications if kind not in held],
        item.ocop_stars if item.ocop_stars and item.ocop_stars not in stars else None,
        publish=product.status == DRAFT, warnings=warnings,
    )


def _drop_commune_of_old_province(producer: ProducerState, changes: dict) -> None:
    province = changes.get("province_code")
    code = (producer.values.get("commune") or (None, None))[0]
    if province and "commune" not in changes and code:
        commune = resolver.commune_by_code(code)
        if commune is None or commune.province_code != province:
            changes["commune"] = (None, None)


def _model_fields(values: dict) -> dict:
    fields = {k: v for k, v in values.items() if k != "commune"}
    if "commune" in values:
        fields["commune_code"], fields["commune_name"] = values["commune"]
    return fields


def _record_ocop(product: Product, stars: int) -> None:
    """Set the stars on the OCOP entry an import made (one without a certificate number), or add one."""
    for certificate in product.certifications:
        if certificate.kind == "ocop" and not certificate.number:
            certificate.stars = stars
            return
    product.certifications.append(Certification(kind="ocop", stars=stars))
