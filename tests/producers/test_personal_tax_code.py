"""Households' tax code since 1 July 2025: the representative's 12-digit personal number, accepted by
the profile form and the services, seen by staff and the owner, and never by the public or search."""

from datetime import date

import pytest
from sqlalchemy import select

from marketplace.producers import services
from marketplace.producers.models import Producer
from marketplace.producers.taxcode import (
    is_personal_number,
    is_valid_tax_code,
    normalise_tax_code,
    parse_tax_code,
)
from marketplace.search.documents import load_documents
from tests import factories
from tests.accounts.helpers import field_error, submit

# 038 Thanh Hóa, 0 = a man born in the 1900s, 85 = 1985; then six random digits.
PERSONAL = "038085012345"

PROFILE = {
    "name": "Hộ kinh doanh Chiếu cói Lê Văn Bình",
    "establishment_type": "household",
    "province_code": "38",
    "commune": "Nga Sơn",
    "address": "Thôn 3",
    "phone": "0912 345 678",
    "email": "coi.binh@example.vn",
}


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("038085012345", "038085012345"),
        ("038 085 012 345", "038085012345"),
        ("038.085.012.345", "038085012345"),
        ("001190000123", "001190000123"),  # Hà Nội, a woman born in 1990
        ("079302001234", "079302001234"),  # Hồ Chí Minh, a man born in 2002
        ("096301000001", "096301000001"),  # Cà Mau, a woman born in 2001
    ],
)
def test_a_personal_number_is_a_household_s_tax_code(written, stored):
    assert normalise_tax_code(written, "household") == stored
    assert normalise_tax_code(written) == stored  # the type not known yet
    assert parse_tax_code(written).personal


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("003085012345", "003 is no province code (the list skips numbers)"),
        ("097085012345", "097 is past the last province code, 096"),
        ("000085012345", "000 is no province code"),
        ("038485012345", "century digit 4: born in the 2100s"),
        ("038900012345", "century digit 9"),
        ("03808501234", "eleven digits"),
        ("0380850123456", "thirteen digits that are no tax code with a branch"),
        ("０３８０８５０１２３４５", "full-width digits"),
        ("038085-012345", "a dash inside"),
    ],
)
def test_what_cannot_be_a_living_person_s_number_is_refused(written, why):
    assert normalise_tax_code(written, "household") is None, why


def test_a_birth_year_in_the_future_is_refused():
    assert is_personal_number("038224012345", today=date(2024, 6, 1))  # born 2024
    assert not is_personal_number("038225012345", today=date(2024, 6, 1))  # born 2025, after "today"


@pytest.mark.parametrize("kind", ["enterprise", "cooperative", "cooperative_group"])
def test_organisations_keep_the_ten_digit_code(kind):
    assert normalise_tax_code(PERSONAL, kind) is None
    assert normalise_tax_code("0100109106-001", kind) == "0100109106-001"
    assert is_valid_tax_code("0100109106", "household")  # a household's old code still counts


def test_the_profile_form_takes_a_household_s_personal_number_and_stores_it_compactly(client, db, login, make_user):
    login(make_user("producer"))

    response = submit(client, "/producers/new", {**PROFILE, "tax_code": "038 085 012 345"})

    assert response.status_code == 302
    assert db.session.scalar(select(Producer.tax_code).where(Producer.name == PROFILE["name"])) == PERSONAL


def test_the_profile_form_refuses_a_personal_number_for_a_cooperative_and_says_why(client, db, login, make_user):
    login(make_user("producer", locale="en"))

    response = submit(client, "/producers/new", {**PROFILE, "establishment_type": "cooperative", "tax_code": PERSONAL})

    assert response.status_code == 422
    assert "household businesses only" in field_error(response, "tax_code")
    assert db.session.scalar(select(Producer).where(Producer.name == PROFILE["name"])) is None


def test_a_household_with_a_personal_number_cannot_become_an_enterprise_without_a_new_code(db):
    producer = factories.producer(establishment_type="household", tax_code=PERSONAL, commit=True)
    with pytest.raises(services.ProducerError) as refused:
        services.update_producer(producer, {"establishment_type": "enterprise"})
    assert refused.value.field == "establishment_type"
    services.update_producer(producer, {"establishment_type": "enterprise", "tax_code": "0100109106"})
    assert (producer.establishment_type, producer.tax_code) == ("enterprise", "0100109106")


def test_the_same_personal_number_cannot_belong_to_two_profiles(db):
    factories.producer(establishment_type="household", tax_code="038 085 012 345", commit=True)
    with pytest.raises(services.ProducerError):
        factories.producer(establishment_type="household", tax_code=PERSONAL, commit=True)


@pytest.fixture
def household(db, make_user):
    owner = make_user("producer")
    producer = factories.producer(
        name="Hộ Chiếu cói Lê Văn Bình", establishment_type="household", tax_code=PERSONAL, commit=True
    )
    factories.member(producer, owner, commit=True)
    product = factories.product(producer, name="Chiếu cói Nga Sơn", commit=True)
    db.session.commit()
    return owner, producer, product


def test_staff_and_the_owner_see_the_personal_number(client, db, login, make_user, household):
    owner, producer, _ = household
    login(make_user("organiser"))
    assert PERSONAL in client.get(f"/producers/staff/{producer.id}").get_data(as_text=True)
    login(owner)
    assert PERSONAL in client.get(f"/producers/{producer.id}/edit").get_data(as_text=True)


def test_public_pages_the_api_and_search_never_hold_the_personal_number(client, db, login, make_user, household):
    _, producer, product = household
    verified = make_user("buyer")
    login(verified)  # even a confirmed account, which sees a household's contacts, does not see it
    pages = [
        f"/producers/{producer.id}",
        f"/products/{product.id}",
        "/producers",
        "/products?q=Chi%E1%BA%BFu",
        f"/api/v1/producers/{producer.id}",
        f"/api/v1/products/{product.id}",
        "/api/v1/products?q=chieu",
    ]
    for path in pages:
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        assert "Chiếu cói" in body or "Chi\\u1ebfu c\\u00f3i" in body, path  # the producer is there ...
        assert PERSONAL not in body and "038 085" not in body, path  # ... its number is not

    found = client.get(f"/api/v1/products?q={PERSONAL}").get_json()
    assert found["total"] == 0  # the number finds nothing: it is not indexed
    documents = [doc for batch in load_documents(db.session, [product.id]) for doc in batch]
    assert documents and not any(PERSONAL in f"{doc.text} {doc.exact} {doc.names}" for doc in documents)
