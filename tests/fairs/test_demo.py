"""`flask seed-demo` adds a fair the contract promises: open registration, open to every producer,
40+ booths of 2+ priced types, 20+ available, some booked; and nothing twice."""

from sqlalchemy import func, select

from marketplace.fairs import queries, rules
from marketplace.fairs.demo import FAIR_NAME
from marketplace.fairs.models import Booking, Fair


def test_seed_demo_adds_one_open_fair_with_priced_booths_some_booked(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output

    db.session.expire_all()
    fairs = db.session.scalars(select(Fair).where(Fair.name == FAIR_NAME)).all()
    assert len(fairs) == 1
    fair = fairs[0]
    assert rules.registration_open(fair)
    assert not (fair.verified_only or fair.eligible_groups or fair.eligible_provinces)
    views = queries.fair_booths(fair)
    counts = queries.status_counts(views)
    assert len(views) >= 40
    assert len({v.booth.booth_type_id for v in views}) >= 2
    assert all(v.booth.booth_type.price_vnd > 0 for v in views)
    assert counts["available"] >= 20 and counts["booked"] >= 1
    assert db.session.scalar(select(func.count(Booking.id)).where(Booking.fair_id == fair.id)) >= 5
    assert f"/fairs/{fair.id}" in first.output
