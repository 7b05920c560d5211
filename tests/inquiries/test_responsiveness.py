"""Response rate and median first-response time over 90 days, and the badge on the producer's page."""

from datetime import UTC, datetime, timedelta

import pytest

from marketplace.inquiries import stats
from marketplace.inquiries.models import PRODUCER, Inquiry

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def _received(db, buyer, producer, age: timedelta, answered_after: timedelta | None, **extra):
    created = NOW - age
    inquiry = Inquiry(
        buyer=buyer,
        producer=producer,
        created_at=created,
        last_activity_at=created,
        first_response_at=created + answered_after if answered_after is not None else None,
        **extra,
    )
    db.session.add(inquiry)
    return inquiry


def test_rate_and_median_count_the_last_ninety_days_only(db, buyer, producer):
    hours = timedelta(hours=1)
    for delay in (1, 2, 4, 30):  # answered after 1 h, 2 h, 4 h and 30 h
        _received(db, buyer, producer, timedelta(days=10), delay * hours)
    _received(db, buyer, producer, timedelta(days=5), None)  # never answered
    _received(db, buyer, producer, timedelta(days=91), 100 * hours)  # too old: ignored
    _received(db, buyer, producer, timedelta(hours=3), None)  # still within its first day: not counted yet
    _received(db, buyer, producer, timedelta(days=2), None, spam_reported_at=NOW)  # spam: ignored
    _received(db, buyer, producer, timedelta(days=2), 1 * hours, started_by=PRODUCER)  # an RFQ answer: ignored
    db.session.commit()

    result = stats.responsiveness(producer.id, now=NOW)

    assert (result.received, result.answered) == (5, 4)
    assert result.rate == pytest.approx(0.8)
    assert result.median_first_response == timedelta(hours=3)  # the mean of the middle two, 2 h and 4 h
    assert result.badge == "hours"


def test_an_unanswered_inquiry_older_than_a_day_counts_against_the_rate(db, buyer, producer):
    for _ in range(3):
        _received(db, buyer, producer, timedelta(days=3), timedelta(hours=10))
    _received(db, buyer, producer, timedelta(hours=25), None)
    db.session.commit()

    result = stats.responsiveness(producer.id, now=NOW)

    assert (result.received, result.answered, result.rate) == (4, 3, 0.75)
    assert result.median_first_response == timedelta(hours=10)
    assert result.badge is None  # 75 % is below the 80 % a badge needs


@pytest.mark.parametrize(
    ("delays", "badge"),
    [
        ((2, 3, 3), "hours"),
        ((5, 20, 23), "day"),
        ((20, 30, 40), None),
        ((1, 1), None),
    ],
)
def test_the_badge_needs_three_inquiries_and_a_fast_median(db, buyer, producer, delays, badge):
    for delay in delays:
        _received(db, buyer, producer, timedelta(days=4), timedelta(hours=delay))
    db.session.commit()
    assert stats.responsiveness(producer.id, now=NOW).badge == badge


def test_a_producer_with_no_inquiries_has_no_figures(db, producer):
    result = stats.responsiveness(producer.id, now=NOW)
    assert (result.received, result.rate, result.median_first_response, result.badge) == (0, None, None, None)


def test_the_public_page_shows_the_badge_when_it_is_earned(db, app, buyer, producer):
    client = app.test_client()
    assert "reply-badge" not in client.get(f"/producers/{producer.id}").get_data(as_text=True)
    now = datetime.now(UTC)
    for _ in range(3):
        db.session.add(
            Inquiry(
                buyer=buyer,
                producer=producer,
                created_at=now - timedelta(days=1),
                last_activity_at=now,
                first_response_at=now - timedelta(hours=20),
            )
        )
    db.session.commit()

    page = client.get(f"/producers/{producer.id}").get_data(as_text=True)

    assert "reply-badge" in page
    assert "Thường trả lời trong vòng một ngày" in page
