"""`flask seed-demo`: demo data that can be loaded again without duplicates."""

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import verify_password
from marketplace.core.demo import DEMO_PASSWORD

DEMO_ACCOUNTS = {
    "admin@demo.cnnt.vn": "admin",
    "organiser@demo.cnnt.vn": "organiser",
    "juror@demo.cnnt.vn": "juror",
    "buyer@demo.cnnt.vn": "buyer",
    "producer@demo.cnnt.vn": "producer",
}


def demo_users(db) -> list[User]:
    db.session.expire_all()
    return list(db.session.scalars(select(User).where(User.email.like("%@demo.cnnt.vn"))))


def test_seed_demo_twice_creates_the_demo_accounts_once(app, db):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    users = demo_users(db)
    assert {user.email: user.role for user in users} == DEMO_ACCOUNTS
    assert all(user.email_verified_at is not None for user in users)
    assert db.session.scalar(select(func.count()).select_from(User)) >= len(DEMO_ACCOUNTS)


def test_seed_demo_prints_the_accounts_and_their_password(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo"])

    assert DEMO_PASSWORD in result.output
    for email in DEMO_ACCOUNTS:
        assert email in result.output
    admin = next(user for user in demo_users(db) if user.role == "admin")
    assert verify_password(admin.password_hash, DEMO_PASSWORD)
