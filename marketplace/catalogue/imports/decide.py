"""Compare one checked row with what the site holds and decide what it changes: pure, so that a
dry run reports exactly what a real run does."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from marketplace.catalogue.imports.fields import guess_type_from_name
from marketplace.catalogue.imports.issues import Issue
from marketplace.catalogue.imports.preload import ProducerState, ProductState
from marketplace.catalogue.imports.rows import RowPlan, same_value
from marketplace.catalogue.models import ARCHIVED, DRAFT
from marketplace.core.text import slugify
from marketplace.geography import resolver
from marketplace.producers.labels import ESTABLISHMENT_LABELS

# Product fields an empty cell leaves alone: the file may hold less than the site knows.
OPTIONAL_PRODUCT_FIELDS = ("name_en", "description", "unit", "min_order_qty")


@dataclass
class Decision:
    """What one row changes. For a new producer or product the dicts hold every field to set;
    otherwise only the fields whose value differs. Empty dicts and lists change nothing."""

    producer: dict[str, object]
    product: dict[str, object]  # "category" as (group number, slug), or None to clear it
    new_producer: bool
    new_product: bool
    certificates: list[str] = field(default_factory=list)  # kinds to add
    ocop_stars: int | None = None  # stars to record, when not already held
    publish: bool = False
    warnings: list[Issue] = field(default_factory=list)

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.new_producer
            or self.new_product
            or self.producer
            or self.product
            or self.certificates
            or self.ocop_stars
            or self.publish
        )

    def changed_fields(self) -> list[str]:
        """The names the report lists for an updated row."""
        names = sorted({*self.producer, *self.product})
        return (
            names
            + self.certificates
            + (["ocop_stars"] if self.ocop_stars else [])
            + (["status"] if self.publish else [])
        )


def category_key(group_number: int, name: str) -> tuple[int, str]:
    return group_number, slugify(name)[:140] or "khac"


def decide(plan: RowPlan, producer: ProducerState | None, product: ProductState | None) -> Decision:
    producer_changes, warnings = _producer_changes(plan, producer)
    if product is None:
        decision = Decision(
            producer_changes,
            _product_target(plan, None),
            producer is None,
            True,
            list(plan.product.certifications),
            plan.product.ocop_stars or None,
            True,
        )
    else:
        decision = _product_update(plan, product)
        decision.producer, decision.new_producer = producer_changes, producer is None
        if product.status == ARCHIVED:
            warnings.append(
                Issue("product_archived", _l("This product is archived on the site; it was left archived."))
            )
    decision.warnings = warnings
    return decision


def _producer_changes(plan: RowPlan, producer: ProducerState | None) -> tuple[dict, list[Issue]]:
    if producer is None:
        # Every field the row gives, even when an earlier row of the same producer was rejected.
        wanted = dict(plan.producer.values)
        if "establishment_type" in wanted:
            return wanted, []
        wanted["establishment_type"] = guess_type_from_name(wanted.get("name", ""))
        label = ESTABLISHMENT_LABELS[wanted["establishment_type"]]
        return wanted, [
            Issue(
                "establishment_type_guessed",
                _l("No type of establishment was given; it was recorded as %(type)s.", type=label),
            )
        ]
    # Only the fields this row is the first in the file to give (see rows.reconcile); a value the
    # site holds in another spelling ("0912 345 678", accents) is left as the site has it.
    changes = {
        name: value
        for name, value in plan.producer_fields.items()
        if not same_value(name, producer.values.get(name), value)
    }
    _drop_commune_of_old_province(producer, changes)
    return changes, []


def _product_target(plan: RowPlan, product: ProductState | None) -> dict[str, object]:
    item = plan.product
    target: dict[str, object] = {"name": item.name, "group_number": item.group_number}
    if product is None:
        target["code"] = item.code
    if item.price_given or product is None:
        target["price_vnd"] = item.price_vnd
    for name in OPTIONAL_PRODUCT_FIELDS:
        if getattr(item, name) is not None:
            target[name] = getattr(item, name)  # an empty cell never erases
    if item.category:
        target["category"] = category_key(item.group_number, item.category)
    elif product is not None and (product.values.get("category") or (item.group_number,))[0] != item.group_number:
        target["category"] = None  # the old category belongs to the old group
    return target


def _product_update(plan: RowPlan, product: ProductState) -> Decision:
    target = _product_target(plan, product)
    changes = {name: value for name, value in target.items() if product.values.get(name) != value}
    held = {kind for kind, _, _ in product.certificates}
    stars = {stars for kind, stars, _ in product.certificates if kind == "ocop"}
    item = plan.product
    return Decision(
        {},
        changes,
        False,
        False,
        [kind for kind in item.certifications if kind not in held],
        item.ocop_stars if item.ocop_stars and item.ocop_stars not in stars else None,
        publish=product.status == DRAFT,
    )


def _drop_commune_of_old_province(producer: ProducerState, changes: dict) -> None:
    """A producer moved to another province keeps no commune of the old one."""
    province = changes.get("province_code")
    code, name = producer.values.get("commune") or (None, None)
    if province and "commune" not in changes and (code or name):
        commune = resolver.commune_by_code(code) if code else None
        if commune is None or commune.province_code != province:
            changes["commune"] = (None, None)
