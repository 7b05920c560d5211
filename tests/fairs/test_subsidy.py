"""The extension programme's subsidy: percentage, cap, eligibility, and a budget never overspent."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from marketplace.core.models import utcnow
from marketplace.fairs import organise, rules, services
from marketplace.fairs.models import ACTIVE, Booking, Fair
from tests.fairs.conftest import booth


def committed_matches_bookings(db, fair) -> bool:
    db.session.expire_all()
    promised = db.session.scalar(
        select(func.coalesce(func.sum(Booking.subsidy_vnd), 0)).where(
            Booking.fair_id == fair.id, Booking.status.in_(ACTIVE)
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


def test_an_eligible_booking_shows_list_price_subsidy_and_what_the_producer_pays(db, make_fair, make_producer):
    fair = make_fair(subsidy_percent=50, subsidy_cap_vnd=2_500_000, subsidy_budget_vnd=10_000_000)
    user, producer = make_producer()
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()

    assert (booking.list_price_vnd, booking.subsidy_vnd, booking.amount_due_vnd) == (6_000_000, 2_500_000, 3_500_000)
    assert services.booking_amount_due(booking) == 3_500_000
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 2_500_000


def test_the_budget_is_never_overspent_and_the_booking_says_it_got_nothing(db, make_fair, make_producer):
    fair = make_fair(subsidy_percent=50, subsidy_budget_vnd=7_000_000, max_booths_per_producer=5)
    user, producer = make_producer()
    first = services.hold_booth(fair, booth(fair, "S01"), producer, user)  # 3.000.000
    second = services.hold_booth(fair, booth(fair, "S02"), producer, user)  # 3.000.000, 1.000.000 left
    third = services.hold_booth(fair, booth(fair, "C01"), producer, user)  # would need 4.000.000
    db.session.commit()

    assert (first.subsidy_vnd, second.subsidy_vnd, third.subsidy_vnd) == (3_000_000, 3_000_000, 0)
    assert third.subsidy_note == rules.BUDGET_EXHAUSTED and third.amount_due_vnd == 8_000_000
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 6_000_000
    assert rules.quote(fair, producer, 6_000_000).note == rules.BUDGET_EXHAUSTED
    assert committed_matches_bookings(db, fair)


def test_cancelled_and_expired_bookings_give_their_subsidy_back(db, make_fair, make_producer):
    fair = make_fair(subsidy_percent=50, subsidy_budget_vnd=6_000_000, max_booths_per_producer=5,
                     registration_opens_on=rules.today_in_vietnam() - timedelta(days=5))
    user, producer = make_producer()
    expired = services.hold_booth(fair, booth(fair, "S01"), producer, user, now=utcnow() - timedelta(hours=2))
    cancelled = services.hold_booth(fair, booth(fair, "S02"), producer, user)
    db.session.commit()
    # The second hold wrote the first one down as expired, so its subsidy is back already.
    assert expired.status == "expired"
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 3_000_000

    services.cancel_booking(cancelled, user, "Đổi kế hoạch", by_staff=False)
    db.session.commit()
    assert (expired.status, cancelled.status) == ("expired", "cancelled")
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 0

    again = services.hold_booth(fair, booth(fair, "S03"), producer, user)
    db.session.commit()
    assert again.subsidy_vnd == 3_000_000
    assert committed_matches_bookings(db, fair)


def test_only_the_eligible_establishments_get_the_subsidy(db, make_fair, make_producer, organiser):
    from marketplace.producers import services as producer_services

    fair = make_fair(subsidy_percent=50, subsidy_budget_vnd=50_000_000, subsidy_types=["household", "cooperative"],
                     subsidy_verified_only=True)
    (user_firm, firm), (user_coop, coop) = make_producer(establishment_type="enterprise"), make_producer()
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


def test_the_database_itself_refuses_a_commitment_beyond_the_budget(db, make_fair):
    """The CHECK constraint stands behind the conditional update: no code path can overspend."""
    fair = make_fair(subsidy_percent=50, subsidy_budget_vnd=1_000_000)
    with pytest.raises(IntegrityError):
        db.session.execute(update(Fair).where(Fair.id == fair.id).values(subsidy_committed_vnd=1_000_001))
        db.session.flush()


def test_the_budget_cannot_be_lowered_below_what_is_already_promised(db, make_fair, make_producer, organiser):
    from tests.fairs.conftest import fair_values

    fair = make_fair(subsidy_percent=50, subsidy_budget_vnd=10_000_000)
    user, producer = make_producer()
    services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    with pytest.raises(organise.PlanError):
        organise.update_fair(fair, fair_values(subsidy_percent=50, subsidy_budget_vnd=2_000_000), organiser)


def test_visitors_see_the_support_up_to_and_producers_their_own_figure(client, db, login, make_fair, make_producer):
    fair = make_fair(subsidy_percent=50, subsidy_cap_vnd=2_500_000, subsidy_budget_vnd=20_000_000,
                     subsidy_types=["cooperative"])

    visitor = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    booth_page = client.get(f"/fairs/{fair.id}/booths/S01").get_data(as_text=True)

    # 50 % of 6.000.000 ₫ is 3.000.000 ₫, capped at 2.500.000 ₫; nobody is shown "0 ₫" of support.
    assert "hỗ trợ đến 2.500.000 ₫" in visitor and "từ 3.500.000 ₫" in visitor
    assert "hỗ trợ đến 2.500.000 ₫" in booth_page and ">0 ₫<" not in visitor + booth_page
    client.set_cookie("lang", "en")
    assert "support up to 2,500,000 ₫" in client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    client.delete_cookie("lang")

    user, cooperative = make_producer(establishment_type="cooperative")
    login(user)
    mine = client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    assert "− 2.500.000 ₫" in mine and "hỗ trợ đến" not in mine
    other_user, household = make_producer(establishment_type="household")
    login(other_user)
    theirs = client.get(f"/fairs/{fair.id}/booths/S01").get_data(as_text=True)
    assert "hỗ trợ đến" not in theirs and "6.000.000 ₫</dd>" in theirs  # not eligible: pays the list price
