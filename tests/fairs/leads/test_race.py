"""Two staff members (or one, twice) scanning the same buyer at the same moment: one lead, one thread,
every scan counted, never a 500 (the unique constraint and the lead's row lock, on PostgreSQL)."""

from sqlalchemy import func, select

from marketplace.accounts.session import open_login
from marketplace.extensions import db as _db
from marketplace.fairs.leads.models import Lead
from marketplace.inquiries.models import Inquiry
from tests.races import needs_postgresql, race_app, run_together, signed_in_clients

PARALLEL = 4


def _seed(app) -> dict:
    from datetime import timedelta

    from marketplace.accounts.models import User
    from marketplace.catalogue import services as catalogue
    from marketplace.core.models import utcnow
    from marketplace.fairs import organise, rules
    from marketplace.fairs import services as bookings
    from marketplace.fairs.onsite.codes import VISITOR, badge_code
    from marketplace.producers import services as producers
    from tests.factories import booth, fair_values

    with app.app_context():
        organiser = User(email="organiser@lead.test", display_name="O", password_hash="x", role="organiser")
        staff = [
            User(
                email=f"staff{n}@lead.test",
                display_name=f"S{n}",
                password_hash="x",
                role="producer",
                email_verified_at=utcnow(),
            )
            for n in range(PARALLEL)
        ]
        buyer = User(email="buyer@lead.test", display_name="B", password_hash="x", role="buyer", locale="vi")
        _db.session.add_all([organiser, buyer, *staff])
        _db.session.flush()
        fair = organise.create_fair(fair_values(), organiser)
        standard = organise.save_booth_type(fair, {"code": "standard", "name": "Tiêu chuẩn", "price_vnd": 0})
        hall = organise.save_hall(fair, {"name": "Nhà A", "width_m": 40, "depth_m": 10})
        organise.add_booth_row(hall, standard, {"prefix": "S", "start": 1, "count": 2, "x": 1, "y": 1})
        organise.publish_fair(fair, organiser)
        coop = producers.create_producer(
            {"name": "HTX Gốm", "establishment_type": "cooperative", "province_code": "01"}, created_by=staff[0]
        )
        for member in staff[1:]:
            producers.add_member(coop, member)
        products = []
        for n in range(PARALLEL):
            product = catalogue.create_product(coop, {"code": f"R-{n}", "name": f"Gốm {n}", "group_number": 1})
            catalogue.publish_product(product)
            products.append(product)
        _db.session.commit()
        booking = bookings.hold_booth(fair, booth(fair, "S01"), coop, staff[0])
        bookings.submit_booking(booking, [], None)  # free: booked at once
        today = rules.today_in_vietnam()
        fair.starts_on, fair.ends_on = today, today + timedelta(days=1)
        logins = [open_login(member) for member in staff]
        _db.session.commit()
        seeded = {
            "fair": fair.id,
            "logins": logins,
            "products": [p.id for p in products],
            "code": badge_code(VISITOR, buyer.id),
        }
        _db.session.remove()
        return seeded


@needs_postgresql
def test_simultaneous_scans_of_one_buyer_make_one_lead_and_count_every_scan(tmp_path):
    app = race_app("lead_race", tmp_path)
    seeded = _seed(app)
    page = f"/fairs/{seeded['fair']}/leads"
    clients, tokens = signed_in_clients(app, seeded["logins"], page)

    def scan(index: int) -> int:
        form = {
            "csrf_token": tokens[index],
            "code": seeded["code"],
            "rating": "0",
            "products": [str(seeded["products"][index])],
        }
        return clients[index].post(page, data=form).status_code

    answers = run_together(PARALLEL, scan)

    with app.app_context():
        leads = list(_db.session.scalars(select(Lead)))
        threads_started = _db.session.scalar(select(func.count(Inquiry.id)))
        found = [(lead.scans, sorted(item.product_id for item in lead.items)) for lead in leads]
        _db.session.remove()
        _db.engine.dispose()
    assert answers == [303] * PARALLEL
    assert found == [(PARALLEL, sorted(seeded["products"]))] and threads_started == 1
