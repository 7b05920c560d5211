"""Readiness checks behind /healthz; areas with a dependency (the search index) add theirs."""

from collections.abc import Callable

from sqlalchemy import text

from marketplace.extensions import db

HEALTH_CHECKS: dict[str, Callable[[], None]] = {}


def health_check(name: str):
    def register(function):
        HEALTH_CHECKS[name] = function
        return function

    return register


@health_check("database")
def _database() -> None:
    db.session.execute(text("SELECT 1"))


def run_checks() -> tuple[bool, dict[str, str]]:
    results, healthy = {}, True
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception as error:  # noqa: BLE001 — a failing dependency is reported, not raised
            healthy = False
            results[name] = f"error: {type(error).__name__}"
    return healthy, results
