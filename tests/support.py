"""Test plumbing shared by fixtures: which database a test run uses, and how it is prepared."""

import os
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from marketplace.config import PROJECT_ROOT


def database_url_for(tag: str, data_dir: Path) -> str:
    """A fresh, empty database for `tag`: a file under data_dir, or a PostgreSQL database named
    after TEST_DATABASE_URL's with the tag appended (created anew)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        return f"sqlite:///{data_dir / f'{tag}.db'}"
    url = make_url(base)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    name = f"{url.database}_{tag}" if tag != "main" else url.database
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n AND pid <> pg_backend_pid()"
            ),
            {"n": name},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def dispose_engines(app) -> None:
    """Close pooled connections at the end of the run: a PostgreSQL connection left for the garbage
    collector warns (ResourceWarning) after pytest has stopped turning warnings into failures."""
    from marketplace.extensions import db

    with app.app_context():
        db.engine.dispose()


def prepare_database(app) -> None:
    """Apply the real migrations: the suite tests the schema users get, not create_all()."""
    with app.app_context():
        upgrade(directory=str(PROJECT_ROOT / "migrations"))


METRICS_TOKEN = "metrics-token-for-tests-0123456789"


def scrape_metrics(client) -> str:
    """GET /metrics as Prometheus would (the app must have METRICS_TOKEN; see the metrics_token fixture)."""
    response = client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def metric_value(text: str, name: str, **labels) -> float:
    """The sample `name{labels...}` in a scrape; 0 when the series does not exist yet (a counter
    appears with its first increment)."""
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0
