"""Administrators make staff and jurors, change roles and block accounts; every step is audited."""

from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.core.audit import AuditEvent
from tests.accounts.helpers import GOOD_PASSWORD, is_signed_in, log_in, mail_link, path_of, submit


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def accounts_with(db, email: str) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(User.email == email))


def test_only_administrators_reach_the_accounts_pages(client, make_user, login):
    assert client.get("/admin/users").status_code == 302  # to the login page
    for role in ("producer", "buyer", "juror", "organiser"):
        login(make_user(role=role))
        assert client.get("/admin/users").status_code == 403, role
        assert client.get("/admin/users/new").status_code == 403, role
    login(make_user(role="admin"))
    assert client.get("/admin/users").status_code == 200


def test_an_organiser_reads_the_audit_log_but_a_producer_does_not(client, make_user, login):
    login(make_user(role="producer"))
    assert client.get("/admin/audit").status_code == 403
    login(make_user(role="organiser"))
    assert client.get("/admin/audit").status_code == 200


def test_an_invited_organiser_chooses_a_password_then_signs_in(app, db, client, make_user, login, outbox):
    admin = login(make_user(role="admin", name="Chị Hoa"))
    response = submit(
        client, "/admin/users/new", {"display_name": "Anh Bình", "email": "binh@khuyencong.vn", "role": "organiser"}
    )
    assert response.status_code == 302
    invited = db.session.scalar(select(User).where(User.email == "binh@khuyencong.vn"))
    assert invited.role == "organiser" and not invited.is_verified
    assert [e.actor_id for e in events(db, "account_invited")] == [admin.id]

    message = outbox.last()
    assert message["To"] == "binh@khuyencong.vn"
    assert "Chị Hoa" in message.get_body(("plain",)).get_content()
    link = path_of(mail_link(message, "http://localhost/account/welcome/"))
    fresh = app.test_client()
    chosen = submit(fresh, link, {"password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})

    assert chosen.status_code == 302
    assert log_in(fresh, "binh@khuyencong.vn", GOOD_PASSWORD).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, invited.id).is_verified  # the mailed link proved the address
    assert fresh.get(link).status_code == 400  # and it works once only


def test_inviting_an_address_that_has_an_account_is_refused_without_a_second_account(db, client, make_user, login):
    login(make_user(role="admin"))
    make_user(email="taken@example.vn")

    response = submit(client, "/admin/users/new", {"display_name": "X", "email": "taken@example.vn", "role": "juror"})

    assert response.status_code == 422
    assert accounts_with(db, "taken@example.vn") == 1


def test_an_unknown_role_in_the_form_is_refused(db, client, make_user, login):
    login(make_user(role="admin"))
    response = submit(client, "/admin/users/new", {"display_name": "X", "email": "x@example.vn", "role": "root"})
    assert response.status_code == 422
    assert accounts_with(db, "x@example.vn") == 0


def test_a_role_change_is_saved_and_audited(db, client, make_user, login):
    admin = login(make_user(role="admin"))
    user = make_user(role="buyer")
    page = f"/admin/users/{user.id}"

    response = submit(client, page, {"role": "juror"}, action=f"{page}/role")

    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "juror"
    [event] = events(db, "role_changed")
    assert (event.actor_id, event.detail) == (admin.id, {"old": "buyer", "new": "juror"})


def test_an_administrator_cannot_change_their_own_role(db, client, make_user, login):
    admin = login(make_user(role="admin"))
    page = f"/admin/users/{admin.id}"
    other = make_user(role="admin")

    # The page offers no role form for oneself; a hand-made request is refused too.
    token_page = f"/admin/users/{other.id}"
    response = submit(client, token_page, {"role": "buyer"}, action=f"{page}/role")

    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"


def test_a_blocked_account_is_signed_out_and_cannot_sign_in_again(app, db, client, make_user, login):
    login(make_user(role="admin"))
    victim = make_user(role="producer")
    theirs = app.test_client()
    assert log_in(theirs, victim.email).status_code == 302
    page = f"/admin/users/{victim.id}"

    assert submit(client, page, {"active": "0"}, action=f"{page}/active").status_code == 302

    assert not is_signed_in(theirs)
    assert log_in(theirs, victim.email).status_code == 422
    assert len(events(db, "account_blocked")) == 1
    submit(client, page, {"active": "1"}, action=f"{page}/active")
    assert log_in(theirs, victim.email).status_code == 302


def test_changes_without_the_form_token_are_refused(db, client, make_user, login):
    login(make_user(role="admin"))
    user = make_user(role="buyer")

    assert client.post(f"/admin/users/{user.id}/role", data={"role": "admin"}).status_code == 400
    assert client.post(f"/admin/users/{user.id}/active", data={"active": "0"}).status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "buyer" and db.session.get(User, user.id).is_active


def test_accounts_are_found_by_name_email_and_role(client, make_user, login):
    login(make_user(role="admin"))
    make_user(role="juror", name="Giám khảo Lê Thị Mai", email="mai@example.vn")
    make_user(role="buyer", name="Công ty Sen", email="sen@example.vn")

    by_name = client.get("/admin/users?q=lê thị").get_data(as_text=True)
    by_role = client.get("/admin/users?role=buyer").get_data(as_text=True)

    assert "mai@example.vn" in by_name and "sen@example.vn" not in by_name
    assert "sen@example.vn" in by_role and "mai@example.vn" not in by_role
    assert client.get("/admin/users?page=abc&role=%00").status_code == 200
    assert client.get("/admin/users/999999999999").status_code == 404


def test_the_audit_log_shows_failed_sign_ins_and_filters_by_action(client, make_user, login):
    victim = make_user(email="target@example.vn")
    log_in(client, victim.email, "wrong password here")
    assert log_in(client, make_user(email="someone@example.vn").email).status_code == 302
    login(make_user(role="organiser"))

    everything = client.get("/admin/audit").get_data(as_text=True)
    failed_only = client.get("/admin/audit?action=login_failed").get_data(as_text=True)

    assert "<code>login</code>" in everything and "<code>login_failed</code>" in everything
    assert "<code>login_failed</code>" in failed_only and "target@example.vn" in failed_only
    assert "<code>login</code>" not in failed_only


def test_an_administrator_cannot_block_their_own_account_and_is_told_on_the_page(db, client, make_user, login):
    admin = login(make_user(role="admin"))
    page = f"/admin/users/{admin.id}"

    response = submit(client, page, {"active": "0"}, action=f"{page}/active")

    assert response.status_code == 422
    assert 'class="error-summary refusal"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_active and not events(db, "account_blocked")
