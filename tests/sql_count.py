"""Counting the SQL statements a request sends, to show that a page's number of queries does not
grow with the number of rows it lists (no N+1)."""

from contextlib import contextmanager

from sqlalchemy import event

from marketplace.extensions import db


@contextmanager
def statements(with_parameters: bool = False):
    """Every SQL statement the database is sent meanwhile (from any session of this engine); with
    `with_parameters`, as (statement, parameters) pairs, to run one again (EXPLAIN it, say)."""
    seen: list = []

    def record(_conn, _cursor, statement, parameters, *_args):
        seen.append((statement, parameters) if with_parameters else statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(client, path: str) -> int:
    """The statements of one GET of `path`, after a first one has warmed what a process loads once."""
    client.get(path)
    with statements() as seen:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(seen)
