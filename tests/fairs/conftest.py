"""Fixtures for fairs: a published fair with booth types, a hall and booths; producers who book."""

from datetime import timedelta

import pytest

from marketplace.fairs import organise, rules
from marketplace.producers import services as producer_services
from tests.payments.conftest import bank_on, stripe_on, stripe_standin  # noqa: F401  (booth fees are paid there)


@pytest.fixture
def organiser(make_user):
    return make_user("organiser")


@pytest.fixture
def make_producer(db, make_user):
    """A producer account acting for a new establishment: returns (user, producer)."""
    counter = iter(range(1, 1000))

    def make(province_code="01", establishment_type="cooperative", name=None):
        n = next(counter)
        user = make_user("producer")
        producer = producer_services.create_producer(
            {"name": name or f"HTX Thử nghiệm {n}", "establishment_type": establishment_type,
             "province_code": province_code},
        )
        producer_services.add_member(producer, user)
        db.session.commit()
        return user, producer

    return make


def fair_values(**overrides) -> dict:
    today = rules.today_in_vietnam()
    values = {
        "name": "Hội chợ CNNT thử nghiệm", "venue": "Nhà triển lãm", "province_code": "01",
        "starts_on": today + timedelta(days=30), "ends_on": today + timedelta(days=33),
        "registration_opens_on": today - timedelta(days=1), "registration_closes_on": today + timedelta(days=20),
        "description": "", "booking_mode": "first_come", "verified_only": False, "eligible_groups": [],
        "eligible_provinces": [], "max_booths_per_producer": 2, "hold_minutes": 30, "payment_hold_hours": 72,
        "offer_hours": 24, "cancel_deadline": today + timedelta(days=25), "subsidy_percent": 0,
        "subsidy_cap_vnd": None, "subsidy_budget_vnd": 0, "subsidy_verified_only": False, "subsidy_types": [],
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_fair(db, organiser):
    """A published fair with a standard (6.000.000 ₫) and a corner (8.000.000 ₫) type and one hall
    of `standard` standard booths S01… and `corner` corner booths C01…"""

    def make(standard=4, corner=2, publish=True, **overrides):
        fair = organise.create_fair(fair_values(**overrides), organiser)
        std = organise.save_booth_type(fair, {"code": "standard", "kind": "standard", "name": "Gian tiêu chuẩn",
                                              "price_vnd": 6_000_000, "inclusions": "1 bàn\n2 ghế"})
        cor = organise.save_booth_type(fair, {"code": "corner", "kind": "corner", "name": "Gian góc",
                                              "price_vnd": 8_000_000})
        hall = organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 20})
        if standard:
            organise.add_booth_row(hall, std, {"prefix": "S", "start": 1, "count": standard, "x": 1, "y": 1})
        if corner:
            organise.add_booth_row(hall, cor, {"prefix": "C", "start": 1, "count": corner, "x": 1, "y": 10})
        if publish:
            organise.publish_fair(fair, organiser)
        db.session.commit()
        return fair

    return make


def booth(fair, code):
    from marketplace.fairs.queries import booth_by_code

    return booth_by_code(fair, code)


def pay(booking, actor=None):
    """Pay a booking as the organiser confirming its bank transfer does: the ledger records the money
    and its "paid" marks the booking paid (nothing else may). Flushes; the test commits."""
    from marketplace.fairs import payment_link
    from marketplace.payments import settlement

    invoice = payment_link.invoice_of(booking)
    assert invoice is not None, f"booking {booking.reference} has no invoice (is it awaiting payment?)"
    return settlement.confirm_transfer_by_hand(invoice, invoice.amount_vnd, actor)
