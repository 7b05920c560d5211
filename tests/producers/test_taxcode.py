"""The tax-code check digit (weights 31,29,23,19,17,13,7,5,3; check = 10 - sum mod 11) and its spellings."""

import pytest

from marketplace.producers.taxcode import check_digit, is_valid_tax_code, normalise_tax_code
from tests import factories


@pytest.mark.parametrize("code", factories.VALID_TAX_CODES)
def test_real_tax_codes_are_valid(code):
    assert is_valid_tax_code(code)


@pytest.mark.parametrize("code", factories.VALID_TAX_CODES)
def test_changing_the_last_digit_makes_any_real_code_invalid(code):
    for digit in "0123456789":
        if digit != code[9]:
            assert not is_valid_tax_code(code[:9] + digit), code[:9] + digit


def test_the_check_digit_follows_the_weights_worked_by_hand():
    # 0*31 + 1*29 + 0*23 + 0*19 + 1*17 + 0*13 + 9*7 + 1*5 + 0*3 = 114; 114 mod 11 = 4; 10 - 4 = 6
    assert check_digit("010010910") == 6


def test_nine_digits_whose_remainder_is_zero_can_have_no_valid_check_digit():
    # 1*31 + 1*13 = 44, a multiple of 11: the "check" would be 10, which is not a digit
    assert check_digit("100001000") is None
    assert not any(is_valid_tax_code("100001000" + d) for d in "0123456789")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("0100109106", "0100109106"),
        ("0100 109 106", "0100109106"),
        ("0100.109.106", "0100109106"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
    ],
)
def test_spellings_people_use_are_normalised(written, stored):
    assert normalise_tax_code(written) == stored


@pytest.mark.parametrize(
    "written",
    ["", "010010910", "01001091066", "0100109106-000", "0100109106-01", "O100109106", "０１００１０９１０６", None],
)
def test_other_text_is_not_a_tax_code(written):
    assert normalise_tax_code(written) is None
