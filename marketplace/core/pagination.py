"""The one way to page: a page number read from the query string, and one page of a query's rows with
what a pager needs to link to its neighbours."""

from dataclasses import dataclass
from math import ceil

from sqlalchemy import Select, func, select

from marketplace.extensions import db


@dataclass
class Page:
    items: list
    total: int
    number: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number(raw: str | None) -> int:
    """A page number from the query string; anything odd (text, 0, negative, huge) means page 1."""
    if raw is None or not raw.isdigit() or len(raw) > 6:
        return 1
    return max(1, int(raw))


def paginate(statement: Select, number: int, per_page: int) -> Page:
    total = db.session.execute(select(func.count()).select_from(statement.order_by(None).subquery())).scalar_one()
    rows = db.session.execute(statement.limit(per_page).offset((number - 1) * per_page))
    items = list(rows.unique().scalars())  # unique: a joined eager load repeats its rows
    return Page(items=items, total=total, number=number, per_page=per_page)
