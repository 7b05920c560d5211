"""The organiser's report through real requests: exhibitors exported to CSV and XLSX (only live
bookings, filters kept, spreadsheet formulas neutralised), revenue and subsidy by stage, and the
bookings-over-time chart with its data table; only organisers see any of it."""

import csv
import io
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from marketplace.catalogue.models import Product
from marketplace.core.i18n import VIETNAM
from marketplace.core.models import utcnow
from marketplace.fairs import chart, reports, services
from tests import factories
from tests.factories import booth, pay


@pytest.fixture
def booked_fair(db, organiser):
    """Subsidy 50 % up to 2.000.000 ₫: a paid booth, one awaiting payment, a cancelled one, a request."""
    fair = factories.fair(
        organiser,
        standard=3,
        corner=1,
        subsidy_percent=50,
        subsidy_cap_vnd=2_000_000,
        subsidy_budget_vnd=20_000_000,
        commit=True,
    )
    (user_a, a), (user_b, b), (user_c, c), (user_d, d) = (
        factories.producer_account(name=n, province_code="01", commit=True)
        for n in ("HTX Gốm Chu Đậu", '=HYPERLINK("http://evil")', "Cơ sở Lụa Vạn Phúc", "Hộ Nón lá Chuông")
    )
    a.tax_code, a.phone, a.email, a.representative = "0101243150", "0912 345 678", "gom@chudau.vn", "Nguyễn Thị Hoa"
    db.session.add(
        Product(producer_id=a.id, code="B1", name="Bình gốm men lam", slug="binh", group_number=1, status="published")
    )
    db.session.flush()
    paid = services.hold_booth(fair, booth(fair, "S02"), a, user_a)
    services.submit_booking(
        paid, [a_product for a_product in db.session.query(Product).filter_by(producer_id=a.id)], None
    )
    pay(paid)
    pending = services.hold_booth(fair, booth(fair, "C01"), b, user_b)
    services.submit_booking(pending, [], None)
    cancelled = services.hold_booth(fair, booth(fair, "S01"), c, user_c)
    services.submit_booking(cancelled, [], None)
    pay(cancelled)
    services.cancel_booking(cancelled, organiser, "Rút lui", by_staff=True)
    standard = next(t for t in fair.booth_types if t.code == "standard")
    services.request_assignment(fair, standard, d, user_d, [], None)
    db.session.commit()
    return fair


@pytest.fixture
def staff(client, login, organiser):
    return login(organiser)


def _csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8 Vietnamese
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_export_lists_live_exhibitors_with_contact_products_and_amounts(client, staff, booked_fair):
    rows = _csv(client, f"/fairs/manage/{booked_fair.id}/exhibitors.csv")

    header, *lines = rows
    assert len(header) == 15 and header[3] == "Mã số thuế"
    by_producer = {line[2]: line for line in lines}
    assert set(by_producer) == {"HTX Gốm Chu Đậu", '\'=HYPERLINK("http://evil")', "Hộ Nón lá Chuông"}  # no cancelled
    gom = by_producer["HTX Gốm Chu Đậu"]
    assert gom[3:9] == ["0101243150", "Hà Nội", "S02", "Nhà A", "Gian tiêu chuẩn", "Bình gốm men lam"]
    assert gom[9:12] == ["Nguyễn Thị Hoa", "0912 345 678", "gom@chudau.vn"]
    assert gom[12:] == ["6000000", "2000000", "4000000"]
    assert [line[5] for line in lines] == ["C01", "S02", ""]  # by booth; a request without a booth last


def test_the_export_keeps_the_desks_filters(client, staff, booked_fair):
    corner = next(t for t in booked_fair.booth_types if t.code == "corner")
    rows = _csv(client, f"/fairs/manage/{booked_fair.id}/exhibitors.csv?type={corner.id}")
    assert [line[5] for line in rows[1:]] == ["C01"]
    rows = _csv(client, f"/fairs/manage/{booked_fair.id}/exhibitors.csv?q=gom+chu+dau")
    assert [line[2] for line in rows[1:]] == ["HTX Gốm Chu Đậu"]


def test_the_xlsx_export_keeps_text_as_text_and_amounts_as_numbers(client, staff, booked_fair):
    response = client.get(f"/fairs/manage/{booked_fair.id}/exhibitors.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data())).active

    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][2] == "Cơ sở sản xuất" and len(values) == 4
    gom = next(row for row in values if row[2] == "HTX Gốm Chu Đậu")
    assert gom[3] == "0101243150" and gom[8] == "Bình gốm men lam"
    assert gom[12:] == [6_000_000, 2_000_000, 4_000_000]
    evil = next(row for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[2].value))
    assert evil[2].data_type == "s"  # a name that looks like a formula is never run by the spreadsheet


def test_revenue_and_subsidy_count_each_stage_once(db, booked_fair):
    money = reports.money(booked_fair)

    assert (money.revenue_vnd, money.subsidy_used_vnd) == (4_000_000, 2_000_000)
    awaiting = money.stage(reports.AWAITING_PAYMENT)
    assert (awaiting.count, awaiting.list_price_vnd, awaiting.subsidy_vnd) == (1, 8_000_000, 2_000_000)
    decision = money.stage(reports.AWAITING_DECISION)
    assert (decision.count, decision.list_price_vnd, decision.subsidy_vnd) == (1, 6_000_000, 0)
    cancelled = money.stage(reports.CANCELLED_AFTER_PAYMENT)
    assert (cancelled.count, cancelled.producers_pay_vnd, cancelled.refunded) == (1, 4_000_000, 0)
    # Only the paid booking's subsidy counts against the budget: the one awaiting payment is quoted, not
    # committed (issue 13: holding booths must not drain the budget), and the cancelled one gave it back.
    assert money.promised_vnd == 2_000_000 == booked_fair.subsidy_committed_vnd
    assert money.budget_left_vnd == 18_000_000


def test_the_report_page_shows_money_chart_and_table(client, staff, booked_fair):
    page = client.get(f"/fairs/manage/{booked_fair.id}/report").get_data(as_text=True)

    assert "4.000.000 ₫" in page and "2.000.000 ₫" in page
    svg = re.search(
        r'<svg class="fair-chart-svg" role="img" aria-labelledby="chart-title chart-desc".*?</svg>', page, re.S
    ).group(0)
    assert '<title id="chart-title">' in svg and '<desc id="chart-desc">' in svg
    assert svg.count('class="seg-') == 3  # one day: paid, in progress, ended
    assert "<table>" in page.split('class="chart-data"')[1]
    assert f'href="/fairs/manage/{booked_fair.id}/exhibitors.xlsx"' in page


def test_bookings_are_charted_on_the_day_they_were_made_and_by_week_over_a_long_period(db, organiser):
    today = utcnow()
    # Days are Vietnam's (the report's): from 17:00 UTC Vietnam is already on the next day.
    fair = factories.fair(
        organiser,
        standard=4,
        corner=0,
        registration_opens_on=(today.astimezone(VIETNAM) - timedelta(days=3)).date(),
        commit=True,
    )
    for n, days_ago in enumerate((3, 3, 1)):
        user, producer = factories.producer_account(commit=True)
        booking = services.hold_booth(fair, booth(fair, f"S0{n + 1}"), producer, user, now=today)
        booking.created_at = today - timedelta(days=days_ago)
    db.session.commit()

    periods = reports.bookings_over_time(fair)
    assert [p.total for p in periods] == [2, 0, 1, 0]
    drawn = chart.build(periods)
    assert drawn.top == 4 and drawn.bars[0].segments[0]["height"] == 2 * drawn.bars[2].segments[0]["height"]

    fair.registration_opens_on = (today - timedelta(days=100)).date()
    db.session.commit()
    weekly = reports.bookings_over_time(fair)
    assert all(p.starts_on.weekday() == 0 for p in weekly) and sum(p.total for p in weekly) == 3
    assert len(weekly) in (15, 16)


@pytest.mark.parametrize("path", ["report", "exhibitors.csv", "exhibitors.xlsx"])
def test_only_organisers_see_the_report_and_exports(client, login, organiser, make_user, path):
    fair = factories.fair(organiser, commit=True)
    url = f"/fairs/manage/{fair.id}/{path}"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    user, _producer = factories.producer_account(commit=True)
    for account in (user, make_user("buyer")):
        login(account)
        assert client.get(url).status_code == 403


def test_an_empty_fair_reports_zero_without_a_chart(client, staff, organiser):
    fair = factories.fair(organiser, commit=True)
    page = client.get(f"/fairs/manage/{fair.id}/report").get_data(as_text=True)
    assert "fair-chart-svg" not in page and "0 ₫" in page
