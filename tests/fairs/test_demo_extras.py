"""`flask seed-demo` also gives the demo fair an exhibitor's meeting slots with the demo buyer's request,
and publishes news and calls (one linked to the fair); run twice, it adds nothing more."""

from sqlalchemy import select

from marketplace.fairs.announcements.models import Announcement
from marketplace.fairs.demo import FAIR_NAME
from marketplace.fairs.meetings.models import Meeting, MeetingSlot
from marketplace.fairs.models import Fair


def test_seed_demo_adds_meeting_slots_a_request_and_announcements_once(app, db, client):
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output

    db.session.expire_all()
    fair = db.session.scalar(select(Fair).where(Fair.name == FAIR_NAME))
    slots = db.session.scalars(select(MeetingSlot).where(MeetingSlot.fair_id == fair.id)).all()
    assert len(slots) == 6
    meetings = db.session.scalars(select(Meeting)).all()
    assert [(m.status, m.buyer.email) for m in meetings] == [("requested", "buyer@demo.cnnt.vn")]
    announcements = db.session.scalars(select(Announcement)).all()
    assert len(announcements) == 3 and all(a.is_published for a in announcements)
    assert any(a.fair_id == fair.id and a.kind == "call" for a in announcements)
    assert any(a.programme_id is not None for a in announcements)  # the awards demo ran before
    home = client.get("/").get_data(as_text=True)
    assert "Tin tức và lời mời" in home and "Khóa tập huấn marketing" in home
