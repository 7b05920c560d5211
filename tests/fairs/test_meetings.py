"""B2B meetings through real requests: exhibitors offer slots in Vietnam time, buyers ask for one with a
message, exhibitors accept or decline, both see their agenda, the other side is mailed; a slot never
holds two live meetings (a database constraint), and nobody but the two parties sees a meeting."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from marketplace.fairs import services as booking_services
from marketplace.fairs.meetings import services
from marketplace.fairs.meetings.models import Meeting, MeetingSlot
from marketplace.fairs.models import Booking
from tests import factories


@pytest.fixture
def exhibition(db, organiser, make_user):
    """A fair a month ahead with one exhibitor (a paid booth) and two verified buyers."""
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(name="HTX Gốm Chu Đậu", commit=True)
    factories.booking(fair, "S02", producer, user, paid=True)
    db.session.commit()
    buyer = make_user("buyer", name="Công ty Sen Việt", locale="en")
    other_buyer = make_user("buyer", name="Nordic Crafts AB")
    return {"fair": fair, "user": user, "producer": producer, "buyer": buyer, "other_buyer": other_buyer}


def _slots(db, ex, start="09:00", count=3, minutes=30, day=None):
    made = services.offer_slots(
        ex["fair"], ex["producer"], ex["user"], day or ex["fair"].starts_on, time.fromisoformat(start), minutes, count
    )
    db.session.commit()
    return made


def test_an_exhibitor_offers_a_series_of_slots_in_vietnam_time(client, login, csrf, db, exhibition):
    fair = exhibition["fair"]
    login(exhibition["user"])
    url = f"/fairs/{fair.id}/slots"
    token = csrf(url)

    response = client.post(
        url,
        data={
            "csrf_token": token,
            "producer": exhibition["producer"].id,
            "day": fair.starts_on.isoformat(),
            "start": "09:00",
            "minutes": "30",
            "count": "3",
        },
    )

    assert response.status_code == 303
    slots = db.session.scalars(select(MeetingSlot).order_by(MeetingSlot.starts_at)).all()
    day = fair.starts_on
    assert [s.starts_at for s in slots] == [
        datetime(day.year, day.month, day.day, h, m, tzinfo=UTC) for h, m in ((2, 0), (2, 30), (3, 0))
    ]  # 09:00 in Hà Nội is 02:00 UTC
    page = client.get(url).get_data(as_text=True)
    assert f"{day:%d/%m/%Y} 09:00</time>–09:30" in page and f"{day:%d/%m/%Y} 10:00</time>–10:30" in page


def test_slot_rules_refuse_other_days_odd_hours_overlaps_and_non_exhibitors(
    client, login, csrf, db, exhibition, make_user
):
    fair = exhibition["fair"]
    _slots(db, exhibition, "09:00", count=2)
    login(exhibition["user"])
    url = f"/fairs/{fair.id}/slots"
    token = csrf(url)
    base = {"csrf_token": token, "producer": exhibition["producer"].id, "minutes": "30", "count": "1"}

    outside = client.post(url, data={**base, "day": (fair.ends_on + timedelta(days=1)).isoformat(), "start": "09:00"})
    assert outside.status_code == 422
    assert client.post(url, data={**base, "day": fair.starts_on.isoformat(), "start": "05:30"}).status_code == 422
    assert client.post(url, data={**base, "day": fair.starts_on.isoformat(), "start": "09:15"}).status_code == 409
    assert db.session.scalar(select(MeetingSlot.id).where(MeetingSlot.starts_at.is_(None))) is None
    assert len(db.session.scalars(select(MeetingSlot.id)).all()) == 2

    not_exhibiting, _producer = factories.producer_account(commit=True)
    for account in (not_exhibiting, make_user("buyer"), make_user("organiser")):
        login(account)
        assert client.get(url).status_code == 403
    anonymous = client.application.test_client()
    assert anonymous.get(url).status_code == 302


def test_a_buyer_requests_a_slot_the_exhibitor_accepts_and_both_see_the_agenda(
    app, client, login, csrf, db, exhibition, outbox
):
    fair, buyer = exhibition["fair"], exhibition["buyer"]
    first, *_rest = _slots(db, exhibition)
    login(buyer)
    url = f"/fairs/{fair.id}/exhibitors/{exhibition['producer'].id}/meet"
    token = csrf(url)

    asked = client.post(url, data={"csrf_token": token, "slot": first.id, "message": "Đặt 500 bình gốm & men lam"})

    assert asked.status_code == 303
    meeting = db.session.scalar(select(Meeting))
    assert (meeting.status, meeting.buyer_id, meeting.slot_id) == ("requested", buyer.id, first.id)
    to_exhibitor = outbox.last()
    assert to_exhibitor["To"] == exhibition["user"].email
    assert f"{fair.starts_on:%d/%m/%Y} 09:00 – 09:30" in to_exhibitor.get_content()
    assert "Đặt 500 bình gốm & men lam" in to_exhibitor.get_content()

    login(exhibition["user"])
    token = csrf("/fairs/meetings")
    agenda = client.get("/fairs/meetings").get_data(as_text=True)
    assert "Công ty Sen Việt" in agenda and f'action="/fairs/meetings/{meeting.id}/accept"' in agenda
    assert (
        client.post(
            f"/fairs/meetings/{meeting.id}/accept", data={"csrf_token": token, "reply": "Hẹn gặp ở gian S02"}
        ).status_code
        == 303
    )
    db.session.refresh(meeting)
    assert meeting.status == "accepted" and meeting.reply == "Hẹn gặp ở gian S02"
    to_buyer = outbox.last()
    assert to_buyer["To"] == buyer.email and "accepted your meeting" in to_buyer.get_content()  # buyer reads English

    login(buyer)
    agenda = client.get("/fairs/meetings").get_data(as_text=True)
    assert f"{fair.starts_on:%d/%m/%Y} 09:00</time>–09:30" in agenda and "HTX Gốm Chu Đậu" in agenda
    assert "S02" in agenda  # where to find the exhibitor


def test_a_slot_never_holds_two_live_meetings(client, login, csrf, db, exhibition):
    first, *_rest = _slots(db, exhibition)
    services.request_meeting(first, exhibition["buyer"], "Xin gặp")
    db.session.commit()

    login(exhibition["other_buyer"])
    url = f"/fairs/{exhibition['fair'].id}/exhibitors/{exhibition['producer'].id}/meet"
    token = csrf(url)
    taken = client.post(url, data={"csrf_token": token, "slot": first.id, "message": "Tôi cũng muốn gặp"})
    assert taken.status_code == 409
    assert len(db.session.scalars(select(Meeting.id)).all()) == 1


def test_the_database_refuses_a_second_live_meeting_in_a_slot_even_past_the_checks(db, exhibition):
    first, *_rest = _slots(db, exhibition)
    db.session.add(Meeting(slot=first, buyer=exhibition["buyer"], message="a", status="accepted"))
    db.session.commit()
    db.session.add(Meeting(slot=first, buyer=exhibition["other_buyer"], message="b", status="requested"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(Meeting(slot=first, buyer=exhibition["other_buyer"], message="c", status="declined"))
    db.session.commit()  # ended meetings do not count


def test_declining_frees_the_slot_for_another_buyer(db, exhibition, outbox):
    first, *_rest = _slots(db, exhibition)
    asked = services.request_meeting(first, exhibition["buyer"], "Xin gặp")
    db.session.commit()
    services.decline_meeting(asked, exhibition["user"], "Kín lịch")
    db.session.commit()

    again = services.request_meeting(first, exhibition["other_buyer"], "Xin gặp buổi sáng")
    db.session.commit()
    assert (asked.status, again.status) == ("declined", "requested")


def test_answers_are_conditional_so_a_cancelled_request_cannot_be_accepted(db, exhibition):
    first, *_rest = _slots(db, exhibition)
    asked = services.request_meeting(first, exhibition["buyer"], "Xin gặp")
    db.session.commit()
    stale = db.session.get(Meeting, asked.id)
    db.session.execute(Meeting.__table__.update().where(Meeting.id == asked.id).values(status="cancelled"))
    with pytest.raises(services.MeetingError) as refused:
        services.accept_meeting(stale, exhibition["user"])
    assert refused.value.status == 409


def test_a_buyer_is_never_in_two_places_and_cannot_hold_all_of_an_exhibitors_slots(db, exhibition):
    first, second, _third = _slots(db, exhibition)
    services.request_meeting(first, exhibition["buyer"], "Lần một")
    db.session.commit()
    with pytest.raises(services.MeetingError, match="đã có cuộc gặp với đơn vị trưng bày này"):
        services.request_meeting(second, exhibition["buyer"], "Lần hai")
    db.session.rollback()

    fair = exhibition["fair"]
    user, other = factories.producer_account(commit=True)
    factories.booking(fair, "S03", other, user, paid=True)
    same_time = services.offer_slots(fair, other, user, fair.starts_on, time(9, 15), 30, 1)[0]
    db.session.commit()
    with pytest.raises(services.MeetingError, match="đã có một cuộc gặp vào giờ này"):
        services.request_meeting(same_time, exhibition["buyer"], "Trùng giờ")


def test_only_the_two_parties_see_a_meeting(client, login, csrf, db, exhibition, make_user):
    first, *_rest = _slots(db, exhibition)
    meeting = services.request_meeting(first, exhibition["buyer"], "Xin gặp")
    db.session.commit()
    path = f"/fairs/meetings/{meeting.id}"

    assert client.get(path).status_code == 302  # anonymous: to the login page
    other_producer, _producer = factories.producer_account(commit=True)
    for account in (exhibition["other_buyer"], other_producer, make_user("organiser"), make_user("admin")):
        login(account)
        assert client.get(path).status_code == 404
        token = csrf("/fairs/meetings")
        assert client.post(f"{path}/accept", data={"csrf_token": token}).status_code == 404
        assert client.post(f"{path}/cancel", data={"csrf_token": token}).status_code == 404
        assert "Xin gặp" not in client.get("/fairs/meetings").get_data(as_text=True)
    login(exhibition["buyer"])
    assert client.get(path).status_code == 200
    token = csrf(path)
    assert client.post(f"{path}/accept", data={"csrf_token": token}).status_code == 403  # not the buyer's to answer
    db.session.refresh(meeting)
    assert meeting.status == "requested"


def test_only_verified_buyers_ask_and_the_buyer_may_call_it_off(client, login, csrf, db, exhibition, make_user, outbox):
    first, *_rest = _slots(db, exhibition)
    url = f"/fairs/{exhibition['fair'].id}/exhibitors/{exhibition['producer'].id}/meet"
    for account in (make_user("buyer", verified=False), exhibition["user"]):
        login(account)
        token = csrf("/fairs/meetings")
        assert client.post(url, data={"csrf_token": token, "slot": first.id, "message": "x"}).status_code == 403
    assert db.session.scalar(select(Meeting.id)) is None

    login(exhibition["buyer"])
    token = csrf(url)
    assert client.post(url, data={"csrf_token": token, "slot": first.id, "message": ""}).status_code == 422
    client.post(url, data={"csrf_token": token, "slot": first.id, "message": "Xin gặp"})
    meeting = db.session.scalar(select(Meeting))
    assert client.post(f"/fairs/meetings/{meeting.id}/cancel", data={"csrf_token": token}).status_code == 303
    db.session.refresh(meeting)
    assert meeting.status == "cancelled"
    assert outbox.last()["To"] == exhibition["user"].email


def test_a_slot_with_a_live_meeting_cannot_be_withdrawn(client, login, csrf, db, exhibition):
    first, second, _third = _slots(db, exhibition)
    services.request_meeting(first, exhibition["buyer"], "Xin gặp")
    db.session.commit()
    login(exhibition["user"])
    token = csrf(f"/fairs/{exhibition['fair'].id}/slots")
    client.post(f"/fairs/slots/{first.id}/withdraw", data={"csrf_token": token})
    client.post(f"/fairs/slots/{second.id}/withdraw", data={"csrf_token": token})
    remaining = set(db.session.scalars(select(MeetingSlot.id)))
    assert first.id in remaining and second.id not in remaining
    login(exhibition["other_buyer"])
    assert client.post(f"/fairs/slots/{first.id}/withdraw", data={"csrf_token": token}).status_code in (400, 404)


def test_cancelling_the_exhibitors_paid_booking_calls_off_its_meetings_and_tells_the_buyer(
    client, login, csrf, db, exhibition, organiser, outbox
):
    first, second, third = _slots(db, exhibition)
    asked = services.request_meeting(first, exhibition["buyer"], "Xin gặp")
    accepted = services.request_meeting(second, exhibition["other_buyer"], "Xin gặp buổi chiều")
    db.session.commit()
    services.accept_meeting(accepted, exhibition["user"])
    db.session.commit()
    booking = db.session.scalar(select(Booking).where(Booking.producer_id == exhibition["producer"].id))
    login(organiser)
    page = f"/fairs/manage/bookings/{booking.id}"

    answer = client.post(f"{page}/cancel", data={"csrf_token": csrf(page), "cancel-reason": "Không tham gia"})

    assert answer.status_code == 303
    db.session.expire_all()
    assert [db.session.get(Meeting, m.id).status for m in (asked, accepted)] == ["cancelled", "cancelled"]
    assert all(db.session.get(MeetingSlot, s.id).withdrawn_at is not None for s in (first, second, third))
    told = {message["To"]: message.get_content() for message in outbox.messages()[-2:]}
    assert set(told) == {exhibition["buyer"].email, exhibition["other_buyer"].email}
    assert "no longer exhibits" in told[exhibition["buyer"].email]  # the buyer reads English


def test_meetings_stay_while_another_paid_booking_keeps_the_producer_at_the_fair(db, exhibition):
    fair, user, producer = exhibition["fair"], exhibition["user"], exhibition["producer"]
    second_booth = factories.booking(fair, "S03", producer, user, paid=True)
    first, *_rest = _slots(db, exhibition)
    asked = services.request_meeting(first, exhibition["buyer"], "Xin gặp")
    db.session.commit()

    booking_services.cancel_booking(second_booth, user, "Một gian là đủ", by_staff=True)
    called_off = services.call_off_for_lost_exhibitor(fair, producer)
    db.session.commit()

    assert called_off == [] and asked.status == "requested" and first.withdrawn_at is None
