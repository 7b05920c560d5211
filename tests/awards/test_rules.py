"""The fixed rules of the selection: validity, averages, phase names for the API, the default sheet."""

from datetime import date
from decimal import Decimal

import pytest

from marketplace.awards import rules


@pytest.mark.parametrize(
    ("issued", "valid_until"),
    [
        (date(2026, 3, 15), date(2029, 12, 31)),
        (date(2026, 1, 1), date(2029, 12, 31)),
        (date(2026, 12, 31), date(2029, 12, 31)),
        (date(2028, 2, 29), date(2031, 12, 31)),
    ],
)
def test_certificate_is_valid_to_31_december_of_the_fourth_year(issued, valid_until):
    assert rules.certificate_valid_until(issued) == valid_until


def test_entry_score_is_the_average_of_the_jurors_totals_with_its_spread():
    result = rules.jury_result([Decimal("85"), Decimal("70"), Decimal("72.5")])

    assert result.score == Decimal("75.83")
    assert result.spread == Decimal("15.00")
    assert result.count == 3


def test_an_entry_without_sheets_has_no_score_and_does_not_pass():
    result = rules.jury_result([])

    assert result.score is None
    assert not rules.passes(result.score, 70)


def test_the_pass_mark_itself_passes():
    assert rules.passes(Decimal("70.00"), 70)
    assert not rules.passes(Decimal("69.99"), 70)


def test_the_official_sheet_is_40_40_10_10_with_pass_mark_70():
    assert [c.max_points for c in rules.OFFICIAL_CRITERIA] == [40, 40, 10, 10]
    assert rules.DEFAULT_PASS_MARK == 70


@pytest.mark.parametrize(
    ("phase", "voting_open", "expected"),
    [
        ("draft", False, "closed"),
        ("nomination", False, "nomination"),
        ("screening", False, "judging"),
        ("judging", False, "judging"),
        ("council", False, "closed"),
        ("voting", True, "voting"),
        ("voting", False, "closed"),
        ("published", False, "published"),
    ],
)
def test_internal_phases_map_onto_the_five_phases_of_the_contract(phase, voting_open, expected):
    assert rules.api_phase(phase, voting_open) == expected


def test_the_public_vote_is_skipped_when_the_programme_has_none():
    assert rules.next_phase("council", voting_enabled=True) == "voting"
    assert rules.next_phase("council", voting_enabled=False) == "published"
    assert rules.next_phase("published", voting_enabled=True) is None


def test_the_vote_counts_only_with_a_weight():
    assert rules.combined_score(Decimal("80"), 10, 50, 0) == Decimal("80")
    # 20% weight: 80 * 0.8 + (10/50*100) * 0.2 = 64 + 4
    assert rules.combined_score(Decimal("80"), 10, 50, 20) == Decimal("68.00")
    assert rules.combined_score(None, 10, 50, 20) is None
