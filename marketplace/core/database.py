"""Database engine tuning: SQLite gets WAL, foreign keys, a busy timeout and real transactions."""

from flask import Flask
from sqlalchemy import ARRAY, ColumnElement, any_, event, literal
from sqlalchemy.engine import Engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Take transaction control away from Python's sqlite3 module, which otherwise begins and
    # commits behind SQLAlchemy's back and breaks SAVEPOINTs (SQLAlchemy's documented recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers continue while one writer commits; foreign keys are off by default in SQLite;
    # the busy timeout makes a second writer wait instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")
    # Rows changed on this connection so far: sqlite_has_written() compares against it.
    connection.info["sqlite_changes_at_begin"] = connection.connection.dbapi_connection.total_changes


def sqlite_has_written(session) -> bool:
    """Whether the session's SQLite transaction has changed a row yet. Once it has, it holds the
    database's single write lock until it ends, so no other writer can commit meanwhile."""
    connection = session.connection()
    begun = connection.info.get("sqlite_changes_at_begin")
    return begun is not None and connection.connection.dbapi_connection.total_changes > begun


def configure_engines(app: Flask) -> None:
    from marketplace.extensions import db

    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_connect):
            event.listen(engine, "connect", _sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)


def among(session, column, values) -> ColumnElement[bool]:
    """`column IN values` for long lists (a batch's thousands of ids). PostgreSQL gets one array
    parameter (= ANY): psycopg handles two thousand separate placeholders about seven times slower.
    SQLite has no arrays and takes the placeholders well."""
    values = list(values)
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(literal(values, ARRAY(column.type)))
    return column.in_(values)
