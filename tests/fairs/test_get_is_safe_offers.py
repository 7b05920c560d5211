"""GET is safe with an offer due: reading a fair whose lapsed booth is owed to the waiting list writes
nothing (the sweep in tests/hardening covers every route; this is the state it cannot build)."""

from tests import factories
from tests.hardening.test_get_is_safe import unexpected


def test_reading_a_fair_with_an_offer_due_writes_nothing(client, db, organiser, outbox):
    """A booth freed by a lapsed hold, with a producer waiting for its type: the offer is due. The fair
    page, the booth page and the API's booth list show it held for the first in line without writing
    (the sweep or the next booking write makes the offer), and mail nobody."""
    from datetime import timedelta

    from sqlalchemy import event

    from marketplace.core.models import utcnow
    from marketplace.fairs import services, waitlist
    from tests.factories import booth

    fair = factories.fair(organiser, standard=1, corner=0, hold_minutes=30, commit=True)
    holder_user, holder = factories.producer_account(commit=True)
    waiting_user, waiting = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), holder, holder_user, now=utcnow() - timedelta(minutes=40))
    db.session.commit()
    standard = next(t for t in fair.booth_types if t.code == "standard")
    waitlist.join_waitlist(fair, standard, waiting, waiting_user, now=utcnow() - timedelta(minutes=35))
    db.session.commit()
    assert waitlist.offers_due(fair)

    seen = []
    record = lambda conn, cursor, statement, *args: seen.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        for url in (f"/fairs/{fair.id}", f"/fairs/{fair.id}/booths/S01", f"/api/v1/fairs/{fair.id}/booths"):
            assert client.get(url).status_code == 200, url
    finally:
        event.remove(db.engine, "before_cursor_execute", record)

    assert unexpected([s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]) == []
    assert outbox.messages() == []
