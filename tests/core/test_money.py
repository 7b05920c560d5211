"""One reading of money for every form and import: what the site displays reads back as the same amount."""

import pytest
from flask_babel import force_locale

from marketplace.core.i18n import format_vnd
from marketplace.core.money import MoneyError, input_vnd, parse_vnd


@pytest.mark.parametrize(
    "text",
    [
        "1.250.000",
        "1.250.000 ₫",
        "1,250,000 ₫",
        "1250000",
        "1 250 000 VND",
        "1.250.000\u00a0₫",
        "1.250.000 đồng",
        "1.250.000,00",
        "1250000.00",
    ],
)
def test_every_way_the_site_and_people_write_an_amount_reads_the_same(text):
    assert parse_vnd(text) == 1_250_000


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.250.000,50", "not_whole"),
        ("1.25.000", "not_a_number"),
        ("một triệu", "not_a_number"),
        ("-5.000", "negative"),
        ("1.250,000", "not_a_number"),
    ],
)
def test_what_is_not_a_whole_amount_is_refused_with_a_stable_reason(text, code):
    with pytest.raises(MoneyError) as refused:
        parse_vnd(text)
    assert refused.value.code == code


def test_what_the_site_displays_in_either_language_reads_back(app):
    for language in ("vi", "en"):
        with app.test_request_context(), force_locale(language):
            assert parse_vnd(format_vnd(1_250_000)) == 1_250_000
    assert parse_vnd(input_vnd(1_250_000)) == 1_250_000 and input_vnd(None) == ""
    assert parse_vnd("") is None and parse_vnd(None) is None
    assert parse_vnd("-1.250.000", signed=True) == -1_250_000
