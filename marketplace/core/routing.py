"""URL converters: an <int:...> in any route stops at the largest id a database column can hold."""

from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL `integer`; SQLite raises OverflowError past 2**63 - 1


class BoundedIntConverter(IntegerConverter):
    """Like Werkzeug's int, but /things/99999999999999999999 is a 404 at routing time, so no view
    can hand the database an id it cannot compare (a 500 on PostgreSQL and SQLite alike)."""

    def __init__(
        self,
        map,
        fixed_digits: int = 0,
        min: int | None = None,  # noqa: A002
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_app(app) -> None:
    app.url_map.converters["int"] = BoundedIntConverter
