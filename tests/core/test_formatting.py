"""Formats: money in đồng and numbers written as the page's language writes them (1.250.000 ₫ and 83,00
in Vietnamese, 1,250,000 ₫ and 83.00 in English), dates as dd/mm/yyyy in Vietnam's time zone."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from flask import render_template_string

from marketplace.core.i18n import format_date, format_datetime, format_vnd


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (1250000, "1.250.000 ₫"),
        (0, "0 ₫"),
        (999, "999 ₫"),
        (1000, "1.000 ₫"),
        (-1250000, "-1.250.000 ₫"),
        (None, ""),
    ],
)
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


def test_format_date_is_day_month_year():
    assert format_date(date(2026, 3, 7)) == "07/03/2026"
    assert format_date(None) == ""


def test_a_moment_late_in_the_utc_evening_is_the_next_day_in_vietnam():
    assert format_date(datetime(2026, 3, 7, 20, 0, tzinfo=UTC)) == "08/03/2026"
    assert format_date(datetime(2026, 3, 7, 16, 59, tzinfo=UTC)) == "07/03/2026"
    assert format_date(datetime(2026, 3, 7, 17, 0, tzinfo=UTC)) == "08/03/2026"


def test_a_moment_in_another_zone_is_converted_too():
    new_york = timezone(timedelta(hours=-5))

    assert format_date(datetime(2026, 3, 7, 14, 0, tzinfo=new_york)) == "08/03/2026"


def test_format_datetime_shows_vietnam_time():
    assert format_datetime(datetime(2026, 12, 31, 20, 30, tzinfo=UTC)) == "01/01/2027 03:30"


def test_templates_have_the_formats_as_filters(app):
    moment = datetime(2026, 3, 7, 20, 0, tzinfo=UTC)
    with app.test_request_context("/"):
        rendered = render_template_string(
            "{{ amount|vnd }}|{{ moment|ddmmyyyy }}|{{ moment|ddmmyyyy_hhmm }}",
            amount=1250000,
            moment=moment,
        )

    assert rendered == "1.250.000 ₫|08/03/2026|08/03/2026 03:00"


@pytest.mark.parametrize(
    ("language", "money", "score", "count"),
    [("vi", "1.250.000 ₫", "83,00", "2.000"), ("en", "1,250,000 ₫", "83.00", "2,000")],
)
def test_money_scores_and_numbers_follow_the_page_language(app, language, money, score, count):
    from decimal import Decimal

    from flask_babel import force_locale

    with app.test_request_context("/"), force_locale(language):
        rendered = render_template_string(
            "{{ 1250000|vnd }}|{{ s|score }}|{{ 2000|number }}|{{ none|score }}", s=Decimal("83.004")
        )

    assert rendered == f"{money}|{score}|{count}|—"


def test_outside_a_request_money_is_written_the_vietnamese_way(app):
    assert format_vnd(1250000) == "1.250.000 ₫"
    with app.app_context():
        assert format_vnd(1250000) == "1.250.000 ₫"
