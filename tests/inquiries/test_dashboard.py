"""The organisers' dashboard: inquiry counts per month and per product group, drawn and tabulated."""

from datetime import UTC, datetime, timedelta

from marketplace.inquiries import stats
from marketplace.inquiries.models import Inquiry
from tests import factories


def _inquiry(db, buyer, product, when):
    db.session.add(
        Inquiry(buyer=buyer, producer=product.producer, product=product, created_at=when, last_activity_at=when)
    )


def test_counts_per_month_in_vietnam_time_and_per_group(db, buyer, producer, product):
    food = factories.product(producer, name="Mắm tôm", group_number=2, code="MT", commit=True)
    now = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
    _inquiry(db, buyer, product, datetime(2026, 5, 31, 18, 0, tzinfo=UTC))  # 1 June 01:00 in Vietnam
    _inquiry(db, buyer, product, datetime(2026, 6, 2, 3, 0, tzinfo=UTC))
    _inquiry(db, buyer, food, datetime(2026, 4, 10, 3, 0, tzinfo=UTC))
    _inquiry(db, buyer, food, datetime(2025, 1, 10, 3, 0, tzinfo=UTC))  # older than twelve months
    db.session.add(
        Inquiry(buyer=buyer, producer=producer, created_at=now - timedelta(days=1), last_activity_at=now)
    )  # to the producer in general
    db.session.commit()

    counts = stats.dashboard_counts(now=now)

    months = dict(counts["months"])
    assert len(counts["months"]) == 12 and counts["months"][-1][0] == (2026, 6)
    assert (months[(2026, 6)], months[(2026, 5)], months[(2026, 4)]) == (3, 0, 1)
    assert counts["groups"] == {1: 2, 2: 1, None: 1}
    assert counts["total"] == 4


def test_the_dashboard_draws_both_charts_for_organisers_only(db, app, login, make_user, buyer, product):
    _inquiry(db, buyer, product, datetime.now(UTC))
    db.session.commit()
    client = app.test_client()
    login(make_user("organiser"), client)

    page = client.get("/inquiries/dashboard").get_data(as_text=True)

    assert page.count('<svg class="chart"') == 2
    assert 'role="img"' in page and "<title" in page  # named for screen readers
    assert "<table>" in page  # the same figures as a table
    assert "<script" not in page.split("</main>")[0].split("<main")[1]
    buyer_client = app.test_client()
    login(buyer, buyer_client)
    assert buyer_client.get("/inquiries/dashboard").status_code == 403
