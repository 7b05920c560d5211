"""`flask users create`: accounts made from the command line, with the same rules as the site."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.accounts.passwords import password_problem, verify_password
from tests.accounts.helpers import in_language

STRONG = "organiser passphrase 2026"


def create(app, *args):
    return app.test_cli_runner().invoke(args=["users", "create", *args])


def count(db, email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.email == email))


def test_users_create_makes_a_verified_organiser(app, db):
    result = create(
        app,
        "Staff@Example.vn",
        "--role",
        "organiser",
        "--password",
        STRONG,
        "--verified",
        "--name",
        "Trung tâm Khuyến công",
    )

    assert result.exit_code == 0, result.output
    assert "staff@example.vn" in result.output
    user = db.session.scalar(select(User).where(User.email == "staff@example.vn"))
    assert user.role == "organiser"
    assert user.display_name == "Trung tâm Khuyến công"
    assert user.email_verified_at is not None
    assert verify_password(user.password_hash, STRONG)


def test_users_create_without_verified_leaves_the_address_unconfirmed(app, db):
    result = create(app, "juror@example.vn", "--role", "juror", "--password", STRONG)

    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "juror@example.vn"))
    assert user.email_verified_at is None
    assert user.display_name == "juror"


def test_users_create_refuses_an_unknown_role(app, db):
    result = create(app, "boss@example.vn", "--role", "superuser", "--password", STRONG)

    assert result.exit_code != 0
    assert "superuser" in result.output and "--role" in result.output
    assert count(db, "boss@example.vn") == 0


def test_users_create_refuses_a_common_password(app, db):
    result = create(app, "weak@example.vn", "--role", "admin", "--password", "password123")

    assert result.exit_code != 0
    reason = in_language(app, "vi", lambda: password_problem("password123"))  # the site language
    assert reason and reason in result.output
    assert count(db, "weak@example.vn") == 0


def test_users_create_refuses_an_email_that_already_has_an_account(app, db, make_user):
    make_user(email="taken@example.vn", role="buyer")

    result = create(app, "TAKEN@example.vn", "--role", "admin", "--password", STRONG)

    assert result.exit_code != 0
    assert in_language(app, "vi", lambda: _l("An account with this email already exists.")) in (result.output)
    assert count(db, "taken@example.vn") == 1
    db.session.expire_all()
    assert db.session.scalar(select(User.role).where(User.email == "taken@example.vn")) == "buyer"
