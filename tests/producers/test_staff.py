"""The centre's tools: the list of every producer, checks shown publicly, featured producers, member accounts."""

import re

import pytest
from sqlalchemy import select

from marketplace.core.audit import AuditEvent
from marketplace.producers.models import ProducerMember
from tests import factories
from tests.accounts.helpers import field_error, submit
from tests.conftest import csrf_token_from

STAFF_PAGES = ("/producers/staff", "/producers/staff/{id}")


@pytest.fixture
def organiser(login, make_user):
    return login(make_user("organiser", name="Cán bộ Trần Văn Bình"))


@pytest.mark.parametrize("role", ["producer", "buyer", "juror"])
def test_only_staff_open_the_tools(client, db, login, make_user, producer, role):
    login(make_user(role))
    for page in STAFF_PAGES:
        assert client.get(page.format(id=producer.id)).status_code == 403
    token = csrf_token_from(client.get("/account/").get_data(as_text=True))
    for action in ("checks", "featured", "members"):
        response = client.post(f"/producers/staff/{producer.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, db, producer):
    for page in STAFF_PAGES:
        response = client.get(page.format(id=producer.id))
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_the_list_shows_every_producer_and_filters_ignore_accents(client, db, organiser):
    factories.producer(name="Làng nghề Gốm Bát Tràng", province_code="01", tax_code="0100109106", commit=True)
    factories.producer(name="HTX Cói Nga Sơn", province_code="38", commit=True)
    hidden = factories.producer(name="Cơ sở chưa công khai", province_code="38", commit=True)
    hidden.is_published = False

    everything = client.get("/producers/staff").get_data(as_text=True)
    assert "Làng nghề Gốm Bát Tràng" in everything and "Cơ sở chưa công khai" in everything

    folded = client.get("/producers/staff?q=lang nghe gom").get_data(as_text=True)
    assert "Làng nghề Gốm Bát Tràng" in folded and "HTX Cói Nga Sơn" not in folded
    by_tax_code = client.get("/producers/staff?q=0100109106").get_data(as_text=True)
    assert "Làng nghề Gốm Bát Tràng" in by_tax_code
    by_province = client.get("/producers/staff?province=38").get_data(as_text=True)
    assert "HTX Cói Nga Sơn" in by_province and "Bát Tràng" not in by_province


def test_a_check_recorded_by_staff_is_shown_on_the_public_page_with_its_date(client, db, organiser, producer):
    response = submit(
        client,
        f"/producers/staff/{producer.id}",
        {"subject": "tax_code", "note": "Đối chiếu GCN"},
        action=f"/producers/staff/{producer.id}/checks",
    )
    assert response.status_code == 302

    page = client.get(f"/producers/{producer.id}").get_data(as_text=True)
    assert re.search(r"Mã số thuế đã được Trung tâm kiểm tra ngày \d\d/\d\d/\d{4}", page)
    staff_page = client.get(f"/producers/staff/{producer.id}").get_data(as_text=True)
    assert "Cán bộ Trần Văn Bình" in staff_page and "Đối chiếu GCN" in staff_page
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "producer_checked")) is not None


def test_a_check_without_a_subject_is_refused(client, db, organiser, producer):
    response = submit(
        client,
        f"/producers/staff/{producer.id}",
        {"subject": "gossip"},
        action=f"/producers/staff/{producer.id}/checks",
    )
    assert response.status_code == 422
    assert field_error(response, "subject")
    assert producer.checks == []


def test_featuring_a_producer_puts_it_first_on_the_home_page(client, db, organiser):
    busy = factories.producer(name="Cơ sở nhiều sản phẩm", commit=True)
    quiet = factories.producer(name="Cơ sở được chọn", commit=True)
    factories.product(busy, commit=True)
    factories.product(busy, commit=True)

    response = submit(client, f"/producers/staff/{quiet.id}", {}, action=f"/producers/staff/{quiet.id}/featured")
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    featured = home[home.index('id="home-producers-heading"') :]
    assert featured.index("Cơ sở được chọn") < featured.index("Cơ sở nhiều sản phẩm")

    submit(client, f"/producers/staff/{quiet.id}", {}, action=f"/producers/staff/{quiet.id}/featured")
    db.session.refresh(quiet)
    assert quiet.featured is False


def test_staff_add_an_existing_producer_account_to_a_profile(client, db, organiser, make_user, producer):
    helper = make_user("producer", email="con.trai@example.vn")

    response = submit(
        client,
        f"/producers/staff/{producer.id}",
        {"email": "Con.Trai@example.vn"},
        action=f"/producers/staff/{producer.id}/members",
    )

    assert response.status_code == 302
    members = db.session.scalars(select(ProducerMember.user_id).where(ProducerMember.producer_id == producer.id))
    assert helper.id in set(members)


def test_only_producer_accounts_can_be_added(client, db, organiser, make_user, producer):
    make_user("buyer", email="nguoi.mua@example.vn")
    for email in ("nguoi.mua@example.vn", "nobody@example.vn"):
        response = submit(
            client,
            f"/producers/staff/{producer.id}",
            {"email": email},
            action=f"/producers/staff/{producer.id}/members",
        )
        assert response.status_code == 422
        assert field_error(response, "email")


def test_the_staff_pages_render_for_admins_too(client, db, login, make_user, producer):
    login(make_user("admin"))
    assert client.get("/producers/staff").status_code == 200
    assert client.get(f"/producers/staff/{producer.id}").status_code == 200
    assert client.get("/producers/staff/999999").status_code == 404
