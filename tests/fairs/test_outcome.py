"""The centre's outcome report of a fair, checked against a fair whose figures are known: the page,
the XLSX and the PDF give the same numbers, and only the fair's organisers may read them."""

import io
from datetime import datetime, time, timedelta

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from marketplace.catalogue import services as catalogue
from marketplace.core.i18n import VIETNAM
from marketplace.fairs import services
from marketplace.fairs.leads.services import record_lead, withdraw_lead
from marketplace.fairs.onsite import badges, gate
from marketplace.fairs.onsite.codes import EXHIBITOR, VISITOR, badge_code
from marketplace.fairs.outcome import figures
from marketplace.inquiries import services as inquiries
from tests import factories
from tests.factories import booth, pay


def _at_the_gate(fair, day_index: int, code: str, organiser, n: int) -> None:
    day = fair.starts_on + timedelta(days=day_index)
    now = datetime.combine(day, time(9, 0), VIETNAM)
    result = gate.check_in(fair, gate.Scan(f"scan-{day_index}-{n:04d}", code), organiser, now=now)
    assert result.status in (gate.CHECKED_IN, gate.ALREADY_IN), result


@pytest.fixture
def known_fair(db, make_user, organiser):
    """Subsidy 50 % capped at 2.000.000 ₫: three paid exhibitors (two in Hà Nội, one cooperative
    and one household; one in Hải Phòng), one booking awaiting payment that must not count.
    At the gate: visitors A and B on day 1, A again (twice) on day 2; two staff badges of the first
    exhibitor on day 1; the second exhibitor's badge is never scanned.
    At the first exhibitor's booth: visitors A and B scanned (two leads, two threads started at the
    fair; B later withdraws the lead); in A's thread two quotes within the 90 days, one accepted, and
    one more quote after the window."""
    fair = factories.fair(
        organiser,
        standard=4,
        corner=2,
        subsidy_percent=50,
        subsidy_cap_vnd=2_000_000,
        subsidy_budget_vnd=100_000_000,
        commit=True,
    )
    exhibitors = [
        factories.producer_account(province_code="01", establishment_type="cooperative", commit=True),
        factories.producer_account(province_code="01", establishment_type="household", commit=True),
        factories.producer_account(province_code="31", establishment_type="household", commit=True),
    ]
    for (user, producer), code in zip(exhibitors, ("S01", "S02", "C01"), strict=True):
        booking = services.hold_booth(fair, booth(fair, code), producer, user)
        services.submit_booking(booking, [], None)
        pay(booking)
    user, producer = factories.producer_account(province_code="79", commit=True)
    services.submit_booking(services.hold_booth(fair, booth(fair, "S03"), producer, user), [], None)
    db.session.commit()
    first_user, first = exhibitors[0]
    staff = [badges.add_staff_badge(fair, first, name, first_user) for name in ("Lan", "Minh")]
    badges.add_staff_badge(fair, exhibitors[1][1], "Hoa", exhibitors[1][0])
    visitor_a, visitor_b = make_user("buyer"), make_user("buyer")
    db.session.flush()
    scans = [
        (0, badge_code(VISITOR, visitor_a.id)),
        (0, badge_code(VISITOR, visitor_b.id)),
        (0, badge_code(EXHIBITOR, staff[0].id)),
        (0, badge_code(EXHIBITOR, staff[1].id)),
        (1, badge_code(VISITOR, visitor_a.id)),
        (1, badge_code(VISITOR, visitor_a.id)),
    ]
    for n, (day_index, code) in enumerate(scans):
        _at_the_gate(fair, day_index, code, organiser, n)

    product = catalogue.create_product(first, {"code": "NM1", "name": "Nước mắm nhĩ", "group_number": 2})
    catalogue.publish_product(product)
    lead_a = record_lead(fair, first, first_user, badge_code(VISITOR, visitor_a.id), [product.id], today=fair.starts_on)
    lead_b = record_lead(fair, first, first_user, badge_code(VISITOR, visitor_b.id), [product.id], today=fair.starts_on)
    thread = lead_a.inquiry
    quotes = []
    for days_after in (5, 80, 91):
        quote = inquiries.send_quote(
            thread,
            first_user,
            {"unit_price_vnd": 50_000, "valid_until": fair.ends_on + timedelta(days=120)},
            today=fair.starts_on,
        )
        quote.created_at = datetime.combine(fair.ends_on + timedelta(days=days_after), time(10, 0), VIETNAM)
        quotes.append(quote)
    quotes[0].status = "declined"
    inquiries.accept_quote(quotes[1], today=fair.ends_on + timedelta(days=80))
    withdraw_lead(lead_b, visitor_b)
    db.session.commit()
    return fair


def test_the_figures_of_a_known_fair(known_fair):
    outcome = figures.outcome_of(known_fair)

    assert outcome.exhibitors_booked == 3
    assert outcome.exhibitors_present == 1
    assert outcome.visitors == 2
    assert [(d.day - known_fair.starts_on).days for d in outcome.days] == [0, 1]
    assert [(d.visitors, d.exhibitor_staff) for d in outcome.days] == [(2, 2), (1, 0)]
    assert (outcome.leads, outcome.leads_withdrawn, outcome.inquiries_started) == (2, 1, 2)
    assert (outcome.quotes, outcome.quotes_accepted) == (2, 1)  # the third came on day 91
    assert outcome.subsidy_vnd == 3 * 2_000_000  # each booth's half is over the cap
    by_province = {row.key: (row.exhibitors, row.subsidy_vnd) for row in outcome.subsidy_by_province}
    assert by_province == {"01": (2, 4_000_000), "31": (1, 2_000_000)}
    by_type = {row.key: (row.exhibitors, row.subsidy_vnd) for row in outcome.subsidy_by_type}
    assert by_type == {"household": (2, 4_000_000), "cooperative": (1, 2_000_000)}


def test_the_page_and_the_files_agree(client, login, organiser, known_fair):
    login(organiser)
    page = client.get(f"/fairs/manage/{known_fair.id}/outcome")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "6.000.000 ₫" in html and "4.000.000 ₫" in html and "<svg" in html

    workbook = load_workbook(io.BytesIO(client.get(f"/fairs/manage/{known_fair.id}/outcome.xlsx").data))
    cells = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert 3 in cells.values() and 6_000_000 in cells.values()
    by_day = [row[1:] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert by_day == [(2, 2, 4), (1, 0, 1)]
    province_rows = list(workbook.worksheets[2].iter_rows(min_row=2, values_only=True))
    assert [row[1:] for row in province_rows] == [(2, 4_000_000), (1, 2_000_000)]

    response = client.get(f"/fairs/manage/{known_fair.id}/outcome.pdf")
    assert response.mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert known_fair.name in text and "6.000.000" in text


def test_only_organisers_read_the_outcome(client, login, make_user, known_fair):
    assert client.get(f"/fairs/manage/{known_fair.id}/outcome").status_code in (302, 401)
    login(make_user("producer"))
    for suffix in ("", ".xlsx", ".pdf"):
        assert client.get(f"/fairs/manage/{known_fair.id}/outcome{suffix}").status_code == 403
