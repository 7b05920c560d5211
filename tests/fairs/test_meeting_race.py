"""One live meeting per buyer and exhibitor is the database's rule, not only a check in Python (issue 13,
item 7): the partial unique index refuses a second live meeting on any backend, and five simultaneous
requests for five different slots of one exhibitor, from separate connections, book exactly one; the
others get the normal 409 refusal, never a 500."""

from datetime import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from marketplace.accounts.session import open_login
from marketplace.extensions import db as _db
from marketplace.fairs import services as booking_services
from marketplace.fairs.meetings import services
from marketplace.fairs.meetings.models import Meeting
from tests import factories
from tests.factories import booth, pay
from tests.races import needs_postgresql, race_app, run_together, signed_in_clients

PARALLEL = 5


def test_the_database_refuses_a_second_live_meeting_with_the_same_exhibitor(db, organiser, make_user):
    """Past every check in Python (rows written directly), on SQLite as on PostgreSQL."""
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = booking_services.hold_booth(fair, booth(fair, "S01"), producer, user)
    booking_services.submit_booking(booking, [], None)
    pay(booking)
    first, second, third = services.offer_slots(fair, producer, user, fair.starts_on, time(9, 0), 30, 3)
    buyer = make_user("buyer")
    db.session.add(Meeting(slot=first, buyer=buyer, message="a", status="accepted"))
    db.session.commit()

    db.session.add(Meeting(slot=second, buyer=buyer, message="b", status="requested"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(Meeting(slot=second, buyer=buyer, message="c", status="declined"))  # ended ones do not count
    db.session.add(Meeting(slot=third, buyer=make_user("buyer"), message="d", status="requested"))  # another buyer
    db.session.commit()


def _seed(app) -> dict:
    """A fair with one exhibitor offering PARALLEL slots, and a verified buyer."""
    from marketplace.accounts.models import User
    from marketplace.core.models import utcnow
    from marketplace.fairs import organise
    from marketplace.producers import services as producers
    from tests.factories import fair_values

    with app.app_context():
        organiser = User(email="organiser@meet.test", display_name="O", password_hash="x", role="organiser")
        owner = User(
            email="owner@meet.test", display_name="P", password_hash="x", role="producer", email_verified_at=utcnow()
        )
        buyer = User(
            email="buyer@meet.test", display_name="B", password_hash="x", role="buyer", email_verified_at=utcnow()
        )
        _db.session.add_all([organiser, owner, buyer])
        _db.session.flush()
        fair = organise.create_fair(fair_values(), organiser)
        standard = organise.save_booth_type(fair, {"code": "standard", "name": "Tiêu chuẩn", "price_vnd": 5_000_000})
        hall = organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 10})
        organise.add_booth_row(hall, standard, {"prefix": "S", "start": 1, "count": 2, "x": 1, "y": 1})
        organise.publish_fair(fair, organiser)
        producer = producers.create_producer(
            {"name": "HTX Gốm", "establishment_type": "cooperative", "province_code": "01"}, created_by=owner
        )
        _db.session.commit()
        booking = booking_services.hold_booth(fair, booth(fair, "S01"), producer, owner)
        booking_services.submit_booking(booking, [], None)
        pay(booking)
        slots = services.offer_slots(fair, producer, owner, fair.starts_on, time(9, 0), 30, PARALLEL)
        logins = [open_login(buyer) for _n in range(PARALLEL)]  # one signed-in session per browser
        _db.session.commit()
        seeded = {"fair": fair.id, "producer": producer.id, "logins": logins, "slots": [s.id for s in slots]}
        _db.session.remove()
        return seeded


@needs_postgresql
def test_simultaneous_requests_for_one_exhibitor_book_one_meeting(tmp_path):
    app = race_app("meeting_race", tmp_path)
    seeded = _seed(app)
    page = f"/fairs/{seeded['fair']}/exhibitors/{seeded['producer']}/meet"
    # One signed-in browser per request, each with its own CSRF token and its own connection.
    clients, tokens = signed_in_clients(app, seeded["logins"], page)

    def ask(index: int) -> int:
        form = {"csrf_token": tokens[index], "slot": seeded["slots"][index], "message": f"Xin gặp {index}"}
        return clients[index].post(page, data=form).status_code

    answers = run_together(PARALLEL, ask)

    with app.app_context():
        live = _db.session.scalar(select(func.count(Meeting.id)).where(Meeting.status.in_(("requested", "accepted"))))
        _db.session.remove()
        _db.engine.dispose()
    assert sorted(answers) == [303] + [409] * (PARALLEL - 1), answers
    assert live == 1
