"""The extension programme's subsidy: percentage, cap, eligibility, and a budget never overspent."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.core.models import utcnow
from marketplace.fairs import organise, rules, services
from marketplace.fairs.models import ACTIVE, Booking, Fair
from tests import factories
from tests.factories import booth, pay


def committed_matches_bookings(db, fair) -> bool:
    db.session.expire_all()
    promised = db.session.scalar(
        select(func.coalesce(func.sum(Booking.subsidy_vnd), 0)).where(
            Booking.fair_id == fair.id, Booking.status.in_(ACTIVE), Booking.subsidy_committed.is_(True)
        )
    )
    return db.session.get(Fair, fair.id).subsidy_committed_vnd == promised


@pytest.mark.parametrize(
    ("percent", "cap", "price", "expected"),
    [
        (50, None, 6_000_000, 3_000_000),
        (50, 2_000_000, 6_000_000, 2_000_000),  # the cap wins
        (33, None, 1_000_001, 330_000),  # rounded down to the dong
        (100, None, 8_000_000, 8_000_000),  # fairs abroad: everything
        (0, None, 8_000_000, 0),
    ],
)
def test_subsidy_is_the_percentage_rounded_down_then_capped(percent, cap, price, expected):
    fair = Fair(subsidy_percent=percent, subsidy_cap_vnd=cap)
    assert rules.subsidy_amount(fair, price) == expected


def _paid(booking):
    services.submit_booking(booking, [], None)
    pay(booking)
    return booking


def test_an_eligible_booking_shows_list_price_subsidy_and_what_the_producer_pays(db, organiser):
    fair = factories.fair(
        organiser, subsidy_percent=50, subsidy_cap_vnd=2_500_000, subsidy_budget_vnd=10_000_000, commit=True
    )
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()

    assert (booking.list_price_vnd, booking.subsidy_vnd, booking.amount_due_vnd) == (6_000_000, 2_500_000, 3_500_000)
    assert services.booking_amount_due(booking) == 3_500_000
    # Quoted, not yet counted: a hold (and a payment still awaited) takes nothing from the budget.
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 0
    services.submit_booking(booking, [], None)
    db.session.commit()
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 0
    pay(booking)
    db.session.commit()
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 2_500_000 and booking.subsidy_committed


def test_the_budget_is_never_overspent_and_the_booking_says_it_got_nothing(db, organiser):
    fair = factories.fair(
        organiser,
        subsidy_percent=50,
        subsidy_budget_vnd=7_000_000,
        max_booths_per_producer=5,
        booking_mode="approval",
        commit=True,
    )
    user, producer = factories.producer_account(commit=True)
    bookings = [services.hold_booth(fair, booth(fair, code), producer, user) for code in ("S01", "S02", "C01")]
    for booking in bookings:
        services.submit_booking(booking, [], None)
    db.session.commit()
    assert [b.subsidy_vnd for b in bookings] == [3_000_000, 3_000_000, 4_000_000]  # quoted while applying
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 0

    first, second, third = (services.approve_booking(b, organiser) for b in bookings)  # 3 + 3, then 4 > 1 left
    db.session.commit()

    assert (first.subsidy_vnd, second.subsidy_vnd, third.subsidy_vnd) == (3_000_000, 3_000_000, 0)
    assert third.subsidy_note == rules.BUDGET_EXHAUSTED and third.amount_due_vnd == 8_000_000
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 6_000_000
    assert rules.quote(fair, producer, 6_000_000).note == rules.BUDGET_EXHAUSTED
    assert committed_matches_bookings(db, fair)


def test_a_payment_the_budget_can_no_longer_cover_goes_to_the_organiser(db, organiser):
    """First come: two holds are quoted the last subsidy; the first to pay gets it, the other's payment is
    refused (the organiser settles it), and the budget is never overspent."""
    fair = factories.fair(organiser, subsidy_percent=50, subsidy_budget_vnd=3_000_000, commit=True)
    one, first_producer = factories.producer_account(commit=True)
    two, second_producer = factories.producer_account(commit=True)
    first = services.hold_booth(fair, booth(fair, "S01"), first_producer, one)
    second = services.hold_booth(fair, booth(fair, "S02"), second_producer, two)
    services.submit_booking(first, [], None)
    services.submit_booking(second, [], None)
    db.session.commit()
    assert first.subsidy_vnd == second.subsidy_vnd == 3_000_000

    pay(first)
    db.session.commit()
    pay(second)  # the money arrives, but the budget is spent: the booking stays unpaid, the money is flagged
    db.session.commit()
    from marketplace.fairs import payment_link
    from marketplace.payments.attention import refunds_needed

    assert first.status == "paid" and second.status != "paid"
    invoice = payment_link.invoice_of(second)
    assert refunds_needed([invoice]) == {invoice.id}
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 3_000_000
    assert committed_matches_bookings(db, fair)


def test_cancelled_and_expired_bookings_give_their_subsidy_back(db, organiser):
    fair = factories.fair(
        organiser,
        subsidy_percent=50,
        subsidy_budget_vnd=6_000_000,
        max_booths_per_producer=5,
        registration_opens_on=rules.today_in_vietnam() - timedelta(days=5),
        commit=True,
    )
    user, producer = factories.producer_account(commit=True)
    expired = services.hold_booth(fair, booth(fair, "S01"), producer, user, now=utcnow() - timedelta(hours=2))
    cancelled = _paid(services.hold_booth(fair, booth(fair, "S02"), producer, user))
    db.session.commit()
    assert expired.status == "expired"  # written down by the second hold; it never counted
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 3_000_000

    services.cancel_booking(cancelled, organiser, "Đổi kế hoạch", by_staff=True)
    db.session.commit()
    assert (expired.status, cancelled.status) == ("expired", "cancelled")
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 0

    again = _paid(services.hold_booth(fair, booth(fair, "S03"), producer, user))
    db.session.commit()
    assert again.subsidy_vnd == 3_000_000
    assert committed_matches_bookings(db, fair)


def test_only_the_eligible_establishments_get_the_subsidy(db, organiser):
    from marketplace.producers import services as producer_services

    fair = factories.fair(
        organiser,
        subsidy_percent=50,
        subsidy_budget_vnd=50_000_000,
        subsidy_types=["household", "cooperative"],
        subsidy_verified_only=True,
        commit=True,
    )
    user_firm, firm = factories.producer_account(establishment_type="enterprise", commit=True)
    user_coop, coop = factories.producer_account(commit=True)
    producer_services.record_check(firm, "tax_code", organiser)
    db.session.commit()

    firm_booking = services.hold_booth(fair, booth(fair, "S01"), firm, user_firm)
    coop_booking = services.hold_booth(fair, booth(fair, "S02"), coop, user_coop)  # not checked by the centre
    db.session.commit()
    assert (firm_booking.subsidy_vnd, firm_booking.subsidy_note) == (0, rules.NOT_ELIGIBLE)
    assert (coop_booking.subsidy_vnd, coop_booking.subsidy_note) == (0, rules.NOT_ELIGIBLE)

    producer_services.record_check(coop, "visit", organiser)
    db.session.commit()
    assert services.hold_booth(fair, booth(fair, "S03"), coop, user_coop).subsidy_vnd == 3_000_000


def test_the_database_itself_refuses_a_commitment_beyond_the_budget(db, organiser):
    """The CHECK constraint stands behind the conditional update: no code path can overspend."""
    fair = factories.fair(organiser, subsidy_percent=50, subsidy_budget_vnd=1_000_000, commit=True)
    with pytest.raises(IntegrityError):
        db.session.execute(update(Fair).where(Fair.id == fair.id).values(subsidy_committed_vnd=1_000_001))
        db.session.flush()


def test_the_budget_cannot_be_lowered_below_what_is_already_promised(db, organiser):
    from tests.factories import fair_values

    fair = factories.fair(organiser, subsidy_percent=50, subsidy_budget_vnd=10_000_000, commit=True)
    user, producer = factories.producer_account(commit=True)
    _paid(services.hold_booth(fair, booth(fair, "S01"), producer, user))
    db.session.commit()
    with pytest.raises(organise.PlanError):
        organise.update_fair(fair, fair_values(subsidy_percent=50, subsidy_budget_vnd=2_000_000), organiser)


def test_visitors_see_the_support_up_to_and_producers_their_own_figure(client, db, login, organiser):
    fair = factories.fair(
        organiser,
        subsidy_percent=50,
        subsidy_cap_vnd=2_500_000,
        subsidy_budget_vnd=20_000_000,
        subsidy_types=["cooperative"],
        commit=True,
    )

    visitor = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    booth_page = client.get(f"/fairs/{fair.id}/booths/S01").get_data(as_text=True)

    # 50 % of 6.000.000 ₫ is 3.000.000 ₫, capped at 2.500.000 ₫; nobody is shown "0 ₫" of support.
    assert "hỗ trợ đến 2.500.000 ₫" in visitor and "từ 3.500.000 ₫" in visitor
    assert "hỗ trợ đến 2.500.000 ₫" in booth_page and ">0 ₫<" not in visitor + booth_page
    client.set_cookie("lang", "en")
    assert "support up to 2,500,000 ₫" in client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    client.delete_cookie("lang")

    user, cooperative = factories.producer_account(establishment_type="cooperative", commit=True)
    login(user)
    mine = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    assert "− 2.500.000 ₫" in mine and "hỗ trợ đến" not in mine
    other_user, household = factories.producer_account(establishment_type="household", commit=True)
    login(other_user)
    theirs = client.get(f"/fairs/{fair.id}/booths/S01").get_data(as_text=True)
    assert "hỗ trợ đến" not in theirs and "6.000.000 ₫</dd>" in theirs  # not eligible: pays the list price
