"""Shared set-up of the badge and gate tests: a fair where one producer has paid for a booth."""

from marketplace.fairs import services
from tests.factories import booth, pay


def exhibit(db, fair, user, producer, code="S01"):
    """`producer` books and pays for booth `code` of `fair`; committed."""
    booking = services.hold_booth(fair, booth(fair, code), producer, user)
    services.submit_booking(booking, [], None)
    pay(booking)
    db.session.commit()
    return booking
