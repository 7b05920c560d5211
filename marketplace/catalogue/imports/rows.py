"""Check each import row on its own and against earlier rows: a plan to apply, or a rejection."""

import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from marketplace.catalogue.groups import resolve_group
from marketplace.catalogue.imports.fields import (
    CellError,
    is_price_on_request,
    normalise_email,
    parse_amount,
    parse_certifications,
    parse_establishment_type,
    parse_stars,
    squash,
)
from marketplace.catalogue.imports.issues import Issue
from marketplace.catalogue.imports.places import plan_place
from marketplace.catalogue.services import MAX_PRICE_VND
from marketplace.core.contacts import is_phone, website_url
from marketplace.core.text import fold
from marketplace.producers.models import HOUSEHOLD
from marketplace.producers.taxcode import PERSONAL_NUMBER_TYPES, parse_tax_code

# Longest text each column may hold (the database's limits).
MAX_LENGTHS = {
    "producer_name": 200,
    "address": 255,
    "phone": 30,
    "email": 254,
    "website": 255,
    "commune": 120,
    "product_code": 40,
    "product_name": 200,
    "product_name_en": 200,
    "unit": 40,
    "category": 120,
}
MAX_ORDER_QTY = 2_000_000_000
_GROUP_NUMBER = re.compile(r"^(?:nhom|group)?\s*([1-4])(?:\b|$)")


@dataclass
class ProducerPlan:
    tax_code: str
    # Only what the row fills in; an empty cell never erases what the site already holds.
    # "commune" holds (commune_code, commune_name): a known commune, or the text as written.
    values: dict[str, object]


@dataclass
class ProductPlan:
    code: str
    name: str
    group_number: int
    name_en: str | None = None
    category: str | None = None
    description: str | None = None
    price_vnd: int | None = None  # None: price on request
    price_given: bool = False  # False: the cell was empty, so the site's price stays as it is
    unit: str | None = None
    min_order_qty: int | None = None
    certifications: tuple[str, ...] = ()
    ocop_stars: int = 0


@dataclass
class RowPlan:
    row: int
    producer: ProducerPlan
    product: ProductPlan
    warnings: list[Issue] = field(default_factory=list)
    # Set by reconcile(): the producer fields this row is the first in the file to give.
    producer_fields: dict[str, object] = field(default_factory=dict)


@dataclass
class Rejection:
    row: int
    issues: list[Issue]

    @property
    def code(self) -> str:
        return ",".join(issue.code for issue in self.issues)


def plan_row(row: int, cells: dict[str, str]) -> RowPlan | Rejection:
    """Validate one row's cells (already keyed by our column names)."""
    cells = {key: (value or "").strip() for key, value in cells.items()}
    issues: list[Issue] = []
    warnings: list[Issue] = []
    for column, limit in MAX_LENGTHS.items():
        if len(cells.get(column, "")) > limit:
            issues.append(
                Issue(
                    f"{column}_too_long",
                    _l("%(column)s is too long (at most %(max)s characters).", column=column, max=limit),
                )
            )
    producer = _plan_producer(cells, issues, warnings)
    product = _plan_product(cells, issues, warnings)
    if issues:
        return Rejection(row, issues)
    return RowPlan(row, producer, product, warnings)


def _plan_producer(cells: dict, issues: list, warnings: list) -> ProducerPlan:
    values: dict[str, object] = {}
    name = cells.get("producer_name", "")
    if name:
        values["name"] = " ".join(name.split())
    else:
        issues.append(Issue("producer_name_missing", _l("The establishment's name is missing.")))
    kind = _plan_type(cells, values, issues)
    tax_code = _plan_tax_code(cells, values, issues, kind)
    province = plan_place(cells, values, issues, warnings)
    if province is not None:
        values["province_code"] = province.code
    if cells.get("address"):
        values["address"] = cells["address"]
    _plan_contacts(cells, values, warnings)
    if cells.get("email"):
        try:
            values["email"] = normalise_email(cells["email"])
        except CellError:
            issues.append(Issue("email_invalid", _l('"%(value)s" is not an email address.', value=cells["email"])))
    return ProducerPlan(tax_code or "", values)


def _plan_type(cells: dict, values: dict, issues: list) -> str | None:
    try:
        kind = parse_establishment_type(cells.get("establishment_type", ""))
    except CellError:
        issues.append(
            Issue(
                "establishment_type_unknown",
                _l(
                    'The type of establishment "%(value)s" is not one we know (household, cooperative '
                    "group, cooperative, enterprise).",
                    value=cells["establishment_type"],
                ),
            )
        )
        return None
    if kind:
        values["establishment_type"] = kind
    return kind


def _plan_tax_code(cells: dict, values: dict, issues: list, kind: str | None) -> str | None:
    """The stored form of the tax code: 10 digits (and branch), or a household's personal number."""
    raw = cells.get("tax_code", "")
    if not raw:
        issues.append(Issue("tax_code_missing", _l("The tax code is missing.")))
        return None
    parsed = parse_tax_code(raw)
    if parsed is None:
        issues.append(
            Issue(
                "tax_code_invalid",
                _l(
                    "The tax code %(value)s is not valid: 10 digits with a check digit (optionally -NNN), or a "
                    "household's 12-digit personal identification number.",
                    value=raw,
                ),
            )
        )
        return None
    if parsed.personal and kind is not None and kind not in PERSONAL_NUMBER_TYPES:
        issues.append(
            Issue(
                "tax_code_personal",
                _l(
                    "The tax code %(value)s is a 12-digit personal identification number, the tax code of household "
                    "businesses only; an enterprise, cooperative or cooperative group has a 10-digit tax code.",
                    value=raw,
                ),
            )
        )
        return None
    if parsed.personal and kind is None:
        values["establishment_type"] = HOUSEHOLD  # only a household's tax code is a personal number
    return parsed.value


def _plan_contacts(cells: dict, values: dict, warnings: list) -> None:
    """Phone and website as the profile form accepts them; a value it would refuse is left out
    with a warning rather than costing the row its product."""
    phone, website = cells.get("phone", ""), cells.get("website", "")
    if phone and is_phone(phone):
        values["phone"] = phone
    elif phone:
        warnings.append(
            Issue(
                "phone_invalid",
                _l(
                    'The phone number "%(value)s" was left out: write one number, with digits, spaces, +, dots, '
                    "dashes or brackets only.",
                    value=phone,
                ),
            )
        )
    if website:
        try:
            values["website"] = website_url(website)
        except ValueError:
            warnings.append(
                Issue(
                    "website_invalid",
                    _l(
                        'The website "%(value)s" was left out: write its full address, e.g. https://example.vn.',
                        value=website,
                    ),
                )
            )


def _plan_product(cells: dict, issues: list, warnings: list) -> ProductPlan:
    code, name = cells.get("product_code", ""), " ".join(cells.get("product_name", "").split())
    if not code:
        issues.append(Issue("product_code_missing", _l("The product code is missing.")))
    if not name:
        issues.append(Issue("product_name_missing", _l("The product name is missing.")))
    group_number = _group_number(cells.get("product_group", ""), issues)
    product = ProductPlan(code=code, name=name, group_number=group_number or 0)
    product.name_en = cells.get("product_name_en") or None
    product.category = " ".join(cells.get("category", "").split()) or None
    product.description = cells.get("description") or None
    product.unit = cells.get("unit") or None
    product.price_vnd, product.price_given = _price(cells.get("price_vnd", ""), issues)
    product.min_order_qty = _min_order(cells.get("min_order_qty", ""), issues)
    try:
        product.ocop_stars = parse_stars(cells.get("ocop_stars", ""))
    except CellError:
        issues.append(
            Issue(
                "ocop_stars_invalid",
                _l('OCOP stars must be a number from 0 to 5, not "%(value)s".', value=cells["ocop_stars"]),
            )
        )
    kinds, unknown = parse_certifications(cells.get("certifications", ""))
    product.certifications = kinds
    for certificate in unknown:
        warnings.append(
            Issue(
                "certification_unknown",
                _l('The certificate "%(value)s" is not one we know; it was ignored.', value=certificate),
            )
        )
    return product


def _group_number(raw: str, issues: list) -> int | None:
    if not raw:
        issues.append(Issue("product_group_missing", _l("The product group is missing.")))
        return None
    group = resolve_group(raw)
    match = _GROUP_NUMBER.match(fold(raw)) if group is None else None
    if group is None and match:
        group = resolve_group(match.group(1))  # "Nhóm 2", "2. Chế biến ..."
    if group is None:
        issues.append(
            Issue(
                "product_group_unknown",
                _l('The product group "%(value)s" is not one of the four groups (1 to 4).', value=raw),
            )
        )
        return None
    return group.number


def _price(raw: str, issues: list) -> tuple[int | None, bool]:
    """(price, given): an empty cell gives nothing; "Liên hệ" and the like say "price on request"."""
    if is_price_on_request(raw):
        return None, True
    try:
        price = parse_amount(raw)
    except CellError as error:
        if error.code == "negative":
            issues.append(Issue("price_negative", _l("The price cannot be negative.")))
        else:
            issues.append(Issue("price_invalid", _l('The price "%(value)s" is not a whole number of đồng.', value=raw)))
        return None, False
    if price is not None and price > MAX_PRICE_VND:
        issues.append(Issue("price_too_high", _l('The price "%(value)s" is too high.', value=raw)))
        return None, False
    return price, price is not None


def _min_order(raw: str, issues: list) -> int | None:
    try:
        qty = parse_amount(raw)
    except CellError:
        qty = 0
    if qty is not None and not 1 <= qty <= MAX_ORDER_QTY:
        issues.append(
            Issue(
                "min_order_qty_invalid",
                _l('The minimum order quantity must be a whole number of at least 1, not "%(value)s".', value=raw),
            )
        )
        return None
    return qty


def _compare_key(name: str, value: object) -> object:
    """What must agree between two rows for one producer: spelling and punctuation may differ."""
    if value is None:
        return None
    if name == "commune":
        code, text = value
        return code or squash(text or "") or None
    if name == "phone":
        return re.sub(r"\D", "", str(value))
    if name in ("name", "address", "website"):
        return squash(str(value))
    return value


def same_value(name: str, first: object, second: object) -> bool:
    """Whether two values of a producer field say the same, spelling and punctuation aside."""
    return _compare_key(name, first) == _compare_key(name, second)


def reconcile(results: list) -> list:
    """Check rows against earlier ones: a producer's data must agree across its rows (the first
    non-empty value of each field wins; a later row may fill a field left empty before, but a
    different value rejects that row), and one producer's product code may appear only once."""
    producers: dict[str, tuple[int, dict[str, object]]] = {}
    products: dict[tuple[str, str], int] = {}
    checked = []
    for result in results:
        if isinstance(result, Rejection):
            checked.append(result)
            continue
        rejection = _check_against_earlier(result, producers, products)
        checked.append(rejection or result)
    return checked


def _check_against_earlier(plan: RowPlan, producers: dict, products: dict) -> Rejection | None:
    tax_code = plan.producer.tax_code
    product_key = (tax_code, plan.product.code)
    if product_key in products:
        return Rejection(
            plan.row,
            [
                Issue(
                    "duplicate_product",
                    _l(
                        "The product code %(code)s of this establishment already appears on row %(row)s.",
                        code=plan.product.code,
                        row=products[product_key],
                    ),
                )
            ],
        )
    first_row, known = producers.get(tax_code, (plan.row, {}))
    fresh = {}
    for name, value in plan.producer.values.items():
        if name not in known:
            fresh[name] = value
        elif not same_value(name, known[name], value):
            return Rejection(
                plan.row,
                [
                    Issue(
                        "producer_conflict",
                        _l(
                            "The %(column)s of the establishment with tax code %(tax_code)s differs from row %(row)s.",
                            column=name,
                            tax_code=tax_code,
                            row=first_row,
                        ),
                    )
                ],
            )
    known.update(fresh)
    producers[tax_code] = (first_row, known)
    products[product_key] = plan.row
    plan.producer_fields = fresh
    return None
