"""The product page shows its standout badge (level and year) while the title is valid, and not from the
1 January after the fourth 31 December (Vietnam's date)."""

from datetime import UTC, date, datetime

import pytest

from marketplace.awards import badges, rules
from marketplace.awards.services_results import publish_results
from marketplace.catalogue import services as catalogue
from tests import factories

BADGE = "Sản phẩm công nghiệp nông thôn tiêu biểu · cấp tỉnh 2026"


@pytest.fixture
def certified(db, running, organiser):
    """Entries of a provincial programme published under a decision of 15/03/2026: valid to 31/12/2029."""
    publish_results(running.to_voting(), organiser, confirmed=("end_vote_early",))
    db.session.commit()
    return running.entries[0].product


def _at(monkeypatch, moment: datetime) -> None:
    """The badge reads the clock through rules.utcnow (Vietnam's date); nothing else on the page is changed."""
    monkeypatch.setattr(rules, "utcnow", lambda: moment)


def _page(client, product) -> str:
    response = client.get(f"/products/{product.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_product_page_shows_the_badge_with_level_year_and_a_link_to_the_verification(client, certified, db):
    page = _page(client, certified)

    assert BADGE in page
    assert "/awards/verify/" in page.split(BADGE)[0].rsplit("award-badge", 1)[1]
    assert "Danh hiệu có giá trị đến 31/12/2029" in page


def test_the_badge_shows_on_31_december_of_the_fourth_year_and_not_the_next_morning_in_vietnam(
    client, certified, monkeypatch
):
    _at(monkeypatch, datetime(2029, 12, 31, 16, 59, tzinfo=UTC))  # 23:59 in Vietnam
    last_evening = _page(client, certified)
    _at(monkeypatch, datetime(2029, 12, 31, 17, 0, tzinfo=UTC))  # 00:00 on 1 January 2030 in Vietnam
    next_morning = _page(client, certified)

    assert BADGE in last_evening
    assert BADGE not in next_morning and "award-badge" not in next_morning


def test_a_product_without_a_valid_title_shows_no_badge(client, running, db):
    product = running.entries[0].product

    assert "award-badge" not in _page(client, product)


def test_a_title_entered_by_hand_is_shown_within_its_four_years_without_a_verification_link(client, db):
    _producer, (recent, old), _owner = factories.entrant((1, 1), commit=True)
    catalogue.add_certification(recent, "cnnt_standout", granted=True, level="national", year=2025, number="QĐ 12")
    catalogue.add_certification(
        old, "cnnt_standout", granted=True, level="province", year=2021, valid_until=date(2030, 1, 1)
    )  # a mistyped end date cannot stretch the title
    db.session.commit()

    recent_page, old_page = _page(client, recent), _page(client, old)

    assert "Sản phẩm công nghiệp nông thôn tiêu biểu · cấp quốc gia 2025" in recent_page
    assert "Danh hiệu có giá trị đến 31/12/2028" in recent_page
    assert "/awards/verify/" not in recent_page
    assert "award-badge" not in old_page  # 2021's title ended on 31/12/2024


def test_badges_list_the_highest_level_first(db):
    _producer, (product,), _owner = factories.entrant(commit=True)
    catalogue.add_certification(product, "cnnt_standout", granted=True, level="province", year=2026)
    catalogue.add_certification(product, "cnnt_standout", granted=True, level="region", year=2025)

    shown = badges.standout_badges(product, today=date(2026, 6, 1))

    assert [(b.level, b.year) for b in shown] == [("region", 2025), ("province", 2026)]
