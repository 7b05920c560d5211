"""A phone number and a website follow one rule (core/contacts.py): what the profile form refuses, the
catalogue's import leaves out, and what one accepts the other stores the same way."""

import pytest

from tests.accounts.helpers import field_error, submit
from tests.catalogue.import_fixtures import csv_bytes, imported, producer_with, row, tax_code
from tests.producers.test_profiles import PROFILE, profile_named

CASES = [  # phone, website, what both store (None: refused by the form, left out by the import)
    ("(+84) 912.345.678", "phuvinh.example.vn", ("(+84) 912.345.678", "https://phuvinh.example.vn")),
    ("0912 345 678 / 0987 654 321", "https://phuvinh.example.vn", (None, "https://phuvinh.example.vn")),
    ("0912 345 678", "javascript:alert(1)", ("0912 345 678", None)),
    ("0912 345 678", "phu vinh.example.vn", ("0912 345 678", None)),
]


@pytest.mark.parametrize(("phone", "website", "stored"), CASES)
def test_the_profile_form_and_the_import_decide_a_phone_and_a_website_alike(
    client, db, login, make_user, phone, website, stored
):
    imported(db, csv_bytes([row(1, phone=phone, website=website)]))
    by_import = producer_with(db, tax_code(1))
    assert (by_import.phone, by_import.website) == stored

    login(make_user("producer"))
    response = submit(client, "/producers/new", {**PROFILE, "phone": phone, "website": website})
    if None in stored:
        assert response.status_code == 422
        assert field_error(response, "phone" if stored[0] is None else "website")
        assert profile_named(db, PROFILE["name"]) is None
    else:
        assert response.status_code == 302
        by_form = profile_named(db, PROFILE["name"])
        assert (by_form.phone, by_form.website) == stored
