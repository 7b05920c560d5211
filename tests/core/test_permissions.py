"""Who may do what: role_required on views, and the can_* questions."""

import pytest
from flask_login import login_user
from werkzeug.exceptions import Forbidden

from marketplace.core.permissions import (
    can_assign_role,
    can_manage_users,
    can_view_audit_log,
    has_role,
    is_staff,
    role_required,
)


@role_required("organiser", "admin")
def staff_page():
    return "staff only"


def test_an_anonymous_visitor_is_sent_to_log_in(app):
    with app.test_request_context("/staff/fairs"):
        response = staff_page()

    assert response.status_code == 302
    assert response.location.startswith("/account/login")
    assert "next=%2Fstaff%2Ffairs" in response.location


def test_an_account_without_the_role_is_refused_with_403(app, make_user):
    producer = make_user(role="producer")

    with app.test_request_context("/staff/fairs"):
        login_user(producer)
        with pytest.raises(Forbidden):
            staff_page()


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_an_account_with_one_of_the_roles_is_let_through(app, make_user, role):
    with app.test_request_context("/staff/fairs"):
        login_user(make_user(role=role))
        assert staff_page() == "staff only"


def test_the_can_questions(make_user):
    admin, organiser = make_user(role="admin"), make_user(role="organiser")
    juror, buyer = make_user(role="juror"), make_user(role="buyer")

    assert [is_staff(user) for user in (admin, organiser, juror, buyer)] == [True, True, False, False]
    assert can_manage_users(admin) and not can_manage_users(organiser)
    assert can_assign_role(admin, "juror") and not can_assign_role(admin, "superuser")
    assert not can_assign_role(organiser, "juror")
    assert can_view_audit_log(organiser) and not can_view_audit_log(juror)
    assert not has_role(None, "admin")
