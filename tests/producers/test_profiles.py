"""Producer profiles through the pages: who may create and edit them, what is validated, and claims by email."""

import pytest
from sqlalchemy import select

from marketplace.accounts.services import find_by_email
from marketplace.core.signals import email_verified
from marketplace.producers.models import Producer, ProducerMember
from tests import factories
from tests.accounts.helpers import field_error, mail_link, path_of, register, submit
from tests.conftest import csrf_token_from

PROFILE = {
    "name": "Hộ kinh doanh Gốm Lê Văn An",
    "establishment_type": "household",
    "province_code": "38",
    "commune": "Nga Sơn",
    "address": "Thôn 3",
    "phone": "0912 345 678",
    "email": "gom.an@example.vn",
    "description": "Gốm nung củi.",
}


def profile_named(db, name: str) -> Producer | None:
    db.session.expire_all()
    return db.session.scalar(select(Producer).where(Producer.name == name))


def test_a_producer_account_creates_its_profile_and_acts_for_it(client, db, login, make_user):
    user = login(make_user("producer"))

    response = submit(client, "/producers/new", PROFILE)

    assert response.status_code == 302 and response.headers["Location"].endswith("/producers/mine")
    producer = profile_named(db, PROFILE["name"])
    assert producer.province_code == "38"
    assert producer.commune is not None and producer.commune.name == "Nga Sơn"  # resolved to the official commune
    assert [m.user_id for m in producer.members] == [user.id]
    dashboard = client.get("/producers/mine").get_data(as_text=True)
    assert PROFILE["name"] in dashboard and "/manage/products/new?producer=" in dashboard


def test_anonymous_visitors_are_sent_to_log_in_and_buyers_are_refused(client, db, login, make_user):
    assert client.get("/producers/new").status_code == 302
    assert "/account/login" in client.get("/producers/new").headers["Location"]

    login(make_user("buyer"))
    assert client.get("/producers/new").status_code == 403
    assert client.get("/producers/mine").status_code == 403
    assert profile_named(db, PROFILE["name"]) is None


def test_another_producer_cannot_open_or_change_a_profile(client, db, login, make_user, producer):
    login(make_user("producer"))

    assert client.get(f"/producers/{producer.id}/edit").status_code == 403
    token_page = client.get("/producers/new").get_data(as_text=True)
    response = client.post(
        f"/producers/{producer.id}/edit",
        data={**PROFILE, "name": "Hijacked", "csrf_token": csrf_token_from(token_page)},
    )
    assert response.status_code == 403
    assert profile_named(db, "Hijacked") is None
    for path in ("photos", "certifications"):
        assert client.get(f"/producers/{producer.id}/{path}").status_code == 403


def test_a_buyer_cannot_edit_and_anonymous_is_sent_to_log_in(client, db, login, make_user, producer):
    assert client.get(f"/producers/{producer.id}/edit").status_code == 302
    login(make_user("buyer"))
    assert client.get(f"/producers/{producer.id}/edit").status_code == 403


def test_the_owner_and_the_centre_staff_may_edit(client, db, login, owner, make_user, producer):
    login(owner)
    response = submit(client, f"/producers/{producer.id}/edit", {**PROFILE, "name": "Tên mới của chủ"})
    assert response.status_code == 302
    assert profile_named(db, "Tên mới của chủ") is not None

    login(make_user("organiser"))
    response = submit(client, f"/producers/{producer.id}/edit", {**PROFILE, "name": "Tên do trung tâm sửa"})
    assert response.status_code == 302
    assert profile_named(db, "Tên do trung tâm sửa") is not None


def test_an_unknown_producer_is_a_404_not_a_403(client, db, login, make_user):
    login(make_user("producer"))
    assert client.get("/producers/999999/edit").status_code == 404


@pytest.mark.parametrize("tax_code", ["0100109107", "010010910", "abc0100109", "0100109106-000"])
def test_a_wrong_tax_code_is_refused_beside_its_field(client, db, login, make_user, tax_code):
    login(make_user("producer"))

    response = submit(client, "/producers/new", {**PROFILE, "tax_code": tax_code})

    assert response.status_code == 422
    assert "mã số thuế" in field_error(response, "tax_code").lower()
    assert profile_named(db, PROFILE["name"]) is None


def test_a_valid_tax_code_is_stored_compactly_and_cannot_be_used_twice(client, db, login, make_user):
    login(make_user("producer"))
    response = submit(client, "/producers/new", {**PROFILE, "tax_code": "0100 109 106-001"})
    assert response.status_code == 302
    assert profile_named(db, PROFILE["name"]).tax_code == "0100109106-001"

    response = submit(client, "/producers/new", {**PROFILE, "name": "Cơ sở khác", "tax_code": "0100109106-001"})
    assert response.status_code == 422
    assert field_error(response, "tax_code")
    assert profile_named(db, "Cơ sở khác") is None


def test_a_commune_outside_the_list_is_kept_as_written_with_a_warning(client, db, login, make_user):
    login(make_user("producer"))

    response = submit(client, "/producers/new", {**PROFILE, "commune": "Xóm Chài Không Có"}, follow_redirects=True)

    producer = profile_named(db, PROFILE["name"])
    assert producer.commune_code is None and producer.commune_name == "Xóm Chài Không Có"
    assert "Xóm Chài Không Có" in response.get_data(as_text=True)  # the warning names it


def test_missing_required_fields_are_reported_not_crashed(client, db, login, make_user):
    login(make_user("producer"))
    response = submit(client, "/producers/new", {"name": "", "province_code": "99"})
    assert response.status_code == 422
    assert field_error(response, "name") and field_error(response, "establishment_type")


def test_staff_create_a_profile_that_the_producer_claims_by_confirming_the_same_email(
    client, app, db, login, make_user, outbox
):
    login(make_user("organiser"))
    response = submit(client, "/producers/new", {**PROFILE, "email": "Chu.Co.So@Example.vn"})
    assert response.status_code == 302 and "/producers/staff/" in response.headers["Location"]
    producer = profile_named(db, PROFILE["name"])
    assert producer.members == []  # staff do not become members

    other = app.test_client()
    register(other, "chu.co.so@example.vn", role="producer")
    assert profile_named(db, PROFILE["name"]).members == []  # not before the address is confirmed
    link = path_of(mail_link(outbox.last(), "http://localhost/account/verify/"))
    submit(other, link, {})

    producer = profile_named(db, PROFILE["name"])
    [member] = producer.members
    assert member.user.email == "chu.co.so@example.vn" and member.how == "claimed"


def test_a_buyer_with_the_profile_email_does_not_claim_it(db, make_user):
    producer = factories.producer(email="mua@example.vn", commit=True)
    make_user("buyer", email="mua@example.vn")
    email_verified.send(find_by_email("mua@example.vn"))
    db.session.commit()
    assert db.session.scalars(select(ProducerMember).where(ProducerMember.producer_id == producer.id)).all() == []


def test_the_communes_list_answers_for_a_province_by_name_or_code(client, db):
    by_name = client.get("/producers/communes.json?province=thanh hoa").get_json()
    by_code = client.get("/producers/communes.json?province=38").get_json()
    assert by_name == by_code and by_name["province"] == "38"
    assert any(c["name"].endswith("Nga Sơn") for c in by_name["communes"])
    assert client.get("/producers/communes.json?province=atlantis").status_code == 404


def test_every_valid_tax_code_of_the_factories_is_accepted_by_the_form(client, db, login, make_user):
    """The codes are real ones, so this checks the check digit against the outside world."""
    for n, code in enumerate(factories.VALID_TAX_CODES):
        login(make_user("producer"))  # one account each: an account creates only a few profiles itself
        response = submit(client, "/producers/new", {**PROFILE, "name": f"Cơ sở {n}", "tax_code": code})
        assert response.status_code == 302, code


def test_a_nul_character_in_a_form_is_refused_before_it_reaches_the_database(client, db, login, make_user):
    """PostgreSQL cannot store a NUL character: the request is a 400, not a 500 and not half-written data."""
    login(make_user("producer"))
    response = submit(client, "/producers/new", {**PROFILE, "name": "Gốm\x00 An"})
    assert response.status_code == 400
    assert db.session.scalars(select(Producer)).all() == []


def test_a_renamed_or_moved_producer_s_products_are_found_by_the_new_name_and_place(client, db, login, owner, producer):
    factories.product(producer, name="Giỏ đựng đồ", commit=True)
    login(owner)
    assert 'class="card-title"' not in client.get("/products?q=gom bat trang").get_data(as_text=True)

    submit(
        client,
        f"/producers/{producer.id}/edit",
        {**PROFILE, "name": "Gốm Bát Tràng Hưng Thịnh", "province_code": "01", "commune": "Bát Tràng"},
    )

    assert "Giỏ đựng đồ" in client.get("/products?q=gom bat trang").get_data(as_text=True)
    assert "Giỏ đựng đồ" in client.get("/products?q=ha noi").get_data(as_text=True)
    # No longer filed under its old province (a search for "thanh hoa" may still offer it as a
    # near match of "Thịnh" when nothing matches exactly, which is the search working as meant).
    assert "Giỏ đựng đồ" not in client.get("/products?province=38").get_data(as_text=True)
    assert "Giỏ đựng đồ" in client.get("/products?province=01").get_data(as_text=True)
