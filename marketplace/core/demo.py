"""`flask seed-demo`: idempotent demo data; each area adds its own step to DEMO_STEPS."""

import click
from flask.cli import with_appcontext

from marketplace.core.unitofwork import unit_of_work
from marketplace.extensions import db

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  (printed for everyone: demo data only)

# Each step is a function(echo) that creates what is missing and returns nothing; order matters.
DEMO_STEPS: list = []
ACCOUNTS_ORDER, CATALOGUE_ORDER, DEFAULT_ORDER = 0, 10, 50


def demo_step(function=None, *, order: int = DEFAULT_ORDER):
    """Register a demo step. Steps run by `order`, then as registered: the accounts first, then the
    catalogue that the other areas' steps build on, whatever order the modules happened to be imported in
    (a test run imports some areas' demo modules while collecting tests, before the app exists)."""

    def register(step):
        step.demo_order = order
        DEMO_STEPS.append(step)
        return step

    return register(function) if function is not None else register


@demo_step(order=ACCOUNTS_ORDER)
def demo_accounts(echo) -> None:
    from marketplace.accounts import services

    people = [
        ("admin@demo.cnnt.vn", "admin", "Quản trị viên"),
        ("organiser@demo.cnnt.vn", "organiser", "Trung tâm Khuyến công"),
        ("juror@demo.cnnt.vn", "juror", "Giám khảo Nguyễn Văn An"),
        ("buyer@demo.cnnt.vn", "buyer", "Công ty Thương mại Sen Việt"),
        ("producer@demo.cnnt.vn", "producer", "HTX Mây tre đan Phú Vinh"),
    ]
    for email, role, name in people:
        if services.find_by_email(email) is None:
            services.create_account(email, DEMO_PASSWORD, name, role, verified=True, locale="vi")
    db.session.flush()
    echo(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for email, role, _name in people:
        echo(f"  {role:<10} {email}")


def seed_demo() -> None:
    """Every step in one unit of work (the command's, or a test's that calls this directly)."""
    with unit_of_work():
        for step in sorted(DEMO_STEPS, key=lambda step: step.demo_order):  # sorted() keeps equals in their order
            step(click.echo)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Create the demo data (safe to run again: nothing is duplicated)."""
    seed_demo()
