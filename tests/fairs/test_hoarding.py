"""Booth hoarding and booth prices no invoice can carry (issue 13, items 3 and 9): the booth cap holds per
account across its profiles, an account creates only a few profiles itself, holds take nothing from the
subsidy budget, and a booth price is limited to what an invoice can carry, with a clear refusal."""

import pytest
from sqlalchemy import select, update

from marketplace.core.money import MAX_INVOICE_VND
from marketplace.fairs import organise, services
from marketplace.fairs.models import Booking, BoothType, Fair
from marketplace.payments.models import Invoice
from marketplace.producers import services as producer_services
from marketplace.producers.models import Producer
from tests import factories
from tests.accounts.helpers import submit
from tests.factories import booth, pay

PROFILE = {"name": "Hồ sơ", "establishment_type": "household", "province_code": "01"}


def _profiles(db, account, count):
    made = [
        producer_services.create_producer({**PROFILE, "name": f"Hồ sơ {n}"}, created_by=account) for n in range(count)
    ]
    db.session.commit()
    return made


def test_the_booth_cap_holds_per_account_across_all_its_profiles(db, organiser, make_user):
    fair = factories.fair(organiser, max_booths_per_producer=2, commit=True)
    account = make_user("producer")
    first, second, third = _profiles(db, account, 3)
    services.hold_booth(fair, booth(fair, "S01"), first, account)
    services.hold_booth(fair, booth(fair, "S02"), second, account)
    db.session.commit()

    for profile, code in ((third, "S03"), (first, "S04"), (second, "C01")):
        with pytest.raises(services.CapacityReached):
            services.hold_booth(fair, booth(fair, code), profile, account)
        db.session.rollback()
    assert len(db.session.scalars(select(Booking.id).where(Booking.fair_id == fair.id)).all()) == 2


def test_the_cap_also_counts_requests_for_a_booth_made_through_other_profiles(db, organiser, make_user):
    fair = factories.fair(organiser, max_booths_per_producer=1, commit=True)
    account = make_user("producer")
    first, second = _profiles(db, account, 2)
    standard = next(t for t in fair.booth_types if t.code == "standard")
    services.request_assignment(fair, standard, first, account, [], None)
    db.session.commit()
    with pytest.raises(services.CapacityReached):
        services.hold_booth(fair, booth(fair, "S01"), second, account)


def test_an_account_creates_a_few_profiles_itself_then_the_centre_does(app, client, login, db, make_user):
    account = make_user("producer")
    login(account)
    made = [submit(client, "/producers/new", {**PROFILE, "name": f"Cơ sở {n}"}).status_code for n in range(4)]

    assert made == [302, 302, 302, 422]
    assert db.session.scalars(select(Producer.id).where(Producer.created_by_id == account.id)).all().__len__() == 3
    refused = submit(client, "/producers/new", {**PROFILE, "name": "Cơ sở 5"}).get_data(as_text=True)
    assert "tối đa 3 hồ sơ" in refused  # the Vietnamese account is told why, and to ask the centre

    login(make_user("organiser"))
    assert submit(client, "/producers/new", {**PROFILE, "name": "Cơ sở do trung tâm tạo"}).status_code == 302


def test_the_profile_allowance_is_a_setting(app, db, make_user):
    account = make_user("producer")
    app.config["PRODUCERS_MAX_PROFILES_PER_ACCOUNT"] = 1
    try:
        _profiles(db, account, 1)
        with pytest.raises(producer_services.ProducerError):
            producer_services.create_producer({**PROFILE, "name": "Thêm"}, created_by=account)
    finally:
        app.config["PRODUCERS_MAX_PROFILES_PER_ACCOUNT"] = 3


def test_held_and_unpaid_booths_take_nothing_from_the_subsidy_budget(db, organiser):
    """A hoarder holding booths and choosing a slow bank transfer leaves the budget to those who pay."""
    fair = factories.fair(
        organiser, subsidy_percent=50, subsidy_budget_vnd=3_000_000, max_booths_per_producer=2, commit=True
    )
    hoarder, hoarded = factories.producer_account(commit=True)
    for code in ("S01", "S02"):
        services.submit_booking(services.hold_booth(fair, booth(fair, code), hoarded, hoarder), [], None)
    db.session.commit()
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 0

    user, producer = factories.producer_account(commit=True)
    payer = services.hold_booth(fair, booth(fair, "S03"), producer, user)
    services.submit_booking(payer, [], None)
    pay(payer)
    db.session.commit()

    assert payer.subsidy_vnd == 3_000_000 and payer.subsidy_committed
    assert db.session.get(Fair, fair.id).subsidy_committed_vnd == 3_000_000


def test_a_booth_price_no_invoice_can_carry_is_refused_by_the_form_and_the_service(client, csrf, login, db, organiser):
    fair = factories.fair(organiser, commit=True)
    login(organiser)
    token = csrf(f"/fairs/manage/{fair.id}/types")

    refused = client.post(
        f"/fairs/manage/{fair.id}/types",
        data={
            "csrf_token": token,
            "code": "vip",
            "name": "Gian VIP",
            "kind": "pavilion",
            "price_vnd": str(MAX_INVOICE_VND + 1),
        },
    )

    assert refused.status_code == 422
    assert db.session.scalar(select(BoothType).where(BoothType.code == "vip")) is None
    with pytest.raises(organise.PlanError):
        organise.save_booth_type(fair, {"code": "vip", "name": "Gian VIP", "price_vnd": MAX_INVOICE_VND + 1})
    db.session.rollback()
    at_limit = client.post(
        f"/fairs/manage/{fair.id}/types",
        data={
            "csrf_token": token,
            "code": "vip",
            "name": "Gian VIP",
            "kind": "pavilion",
            "price_vnd": str(MAX_INVOICE_VND),
        },
    )
    assert at_limit.status_code == 303


def test_submitting_a_booking_payments_cannot_invoice_is_a_clear_refusal_not_a_500(client, csrf, login, db, organiser):
    """A price stored before the limit existed: the invoice is refused, the booking stays as it was."""
    fair = factories.fair(organiser, commit=True)
    db.session.execute(update(BoothType).where(BoothType.fair_id == fair.id).values(price_vnd=2_500_000_000))
    db.session.commit()
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    login(user)
    page = f"/fairs/bookings/{booking.id}"

    answer = client.post(f"{page}/submit", data={"csrf_token": csrf(page), "note": ""})

    assert answer.status_code == 422
    assert "quá lớn" in answer.get_data(as_text=True)  # "the amount is too large", in Vietnamese
    db.session.refresh(booking)
    assert booking.status == "held"
    assert db.session.scalars(select(Invoice.id)).all() == []
