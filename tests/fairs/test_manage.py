"""The organiser's pages through real requests: set up a fair, draw and import its plan, publish,
close registration, and run the desk (filters, search, approve, reject, assign, move, cancel)."""

import io

import pytest
from sqlalchemy import select

from marketplace.core.audit import AuditEvent
from marketplace.fairs import rules, services
from marketplace.fairs.models import Booking, Booth, Fair
from tests import factories
from tests.factories import booth, pay


@pytest.fixture
def staff(client, login, organiser):
    login(organiser)
    return organiser


def test_producers_and_buyers_cannot_open_the_organiser_pages(client, login, organiser, make_user):
    fair = factories.fair(organiser, commit=True)
    user, _producer = factories.producer_account(commit=True)
    for account in (user, make_user("buyer")):
        login(account)
        for path in (
            "/fairs/manage/",
            "/fairs/manage/new",
            f"/fairs/manage/{fair.id}",
            f"/fairs/manage/{fair.id}/bookings",
            f"/fairs/manage/{fair.id}/halls",
        ):
            assert client.get(path).status_code == 403, path


def test_an_organiser_sets_up_a_fair_from_scratch_and_publishes_it(client, csrf, db, staff):
    today = rules.today_in_vietnam()
    token = csrf("/fairs/manage/new")
    created = client.post(
        "/fairs/manage/new",
        data={
            "csrf_token": token,
            "name": "Hội chợ Đồng bằng",
            "venue": "Nhà văn hóa",
            "province_code": "01",
            "starts_on": str(today.replace(year=today.year + 1)),
            "ends_on": str(today.replace(year=today.year + 1)),
            "registration_opens_on": str(today),
            "registration_closes_on": str(today.replace(year=today.year + 1)),
            "booking_mode": "approval",
            "max_booths_per_producer": "1",
            "hold_minutes": "45",
            "payment_hold_hours": "48",
            "offer_hours": "24",
            "subsidy_percent": "70",
            "subsidy_cap_vnd": "5000000",
            "subsidy_budget_vnd": "100000000",
            "subsidy_types": ["household", "cooperative"],
        },
    )
    assert created.status_code == 303, created.get_data(as_text=True)
    fair = db.session.scalar(select(Fair).where(Fair.name == "Hội chợ Đồng bằng"))
    assert (fair.hold_minutes, fair.booking_mode, fair.subsidy_types) == (45, "approval", ["household", "cooperative"])

    token = csrf(f"/fairs/manage/{fair.id}/types")
    assert (
        client.post(
            f"/fairs/manage/{fair.id}/types",
            data={
                "csrf_token": token,
                "code": "standard",
                "name": "Tiêu chuẩn",
                "kind": "standard",
                "price_vnd": "5000000",
            },
        ).status_code
        == 303
    )
    assert (
        client.post(
            f"/fairs/manage/{fair.id}/halls",
            data={
                "csrf_token": token,
                "name": "Nhà B",
                "width_m": "30",
                "depth_m": "12",
            },
        ).status_code
        == 303
    )
    hall = fair.halls[0]
    standard = fair.booth_types[0]
    assert (
        client.post(
            f"/fairs/manage/{fair.id}/halls/{hall.id}/rows",
            data={
                "csrf_token": token,
                "booth_type": standard.id,
                "prefix": "B",
                "start": "1",
                "count": "8",
                "x": "1",
                "y": "1",
                "direction": "row",
            },
        ).status_code
        == 303
    )
    plan = io.BytesIO(b"code,type,x,y,w,h\nB20,standard,1,6,3,3\n")
    assert (
        client.post(
            f"/fairs/manage/{fair.id}/halls/{hall.id}/import",
            data={"csrf_token": token, "plan": (plan, "plan.csv")},
            content_type="multipart/form-data",
        ).status_code
        == 303
    )
    assert client.post(f"/fairs/manage/{fair.id}/publish", data={"csrf_token": token}).status_code == 303

    db.session.refresh(fair)
    codes = db.session.scalars(select(Booth.code).where(Booth.fair_id == fair.id).order_by(Booth.code)).all()
    assert codes == [f"B0{n}" for n in range(1, 9)] + ["B20"]
    assert fair.is_published and rules.registration_open(fair)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "fairs.fair_published")) is not None


def test_a_bad_plan_file_is_refused_with_its_lines_and_nothing_saved(client, csrf, db, organiser, staff):
    fair = factories.fair(organiser, standard=0, corner=0, publish=False, commit=True)
    hall = fair.halls[0]
    token = csrf(f"/fairs/manage/{fair.id}/halls/{hall.id}")
    bad = io.BytesIO(b"code,type,x,y,w,h\nA1,nope,1,1,3,3\n")
    response = client.post(
        f"/fairs/manage/{fair.id}/halls/{hall.id}/import",
        data={"csrf_token": token, "plan": (bad, "plan.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "nope" in response.get_data(as_text=True)
    assert db.session.scalars(select(Booth).where(Booth.fair_id == fair.id)).all() == []


def test_closing_registration_early_stops_new_holds(client, csrf, db, organiser, staff):
    fair = factories.fair(organiser, commit=True)
    token = csrf(f"/fairs/manage/{fair.id}")
    assert client.post(f"/fairs/manage/{fair.id}/close-registration", data={"csrf_token": token}).status_code == 303
    db.session.refresh(fair)
    assert fair.registration_closed_at is not None and not rules.registration_open(fair)


def test_the_desk_filters_and_searches_bookings_and_counts_occupancy(client, db, organiser, staff):
    fair = factories.fair(organiser, standard=3, corner=1, commit=True)
    user_a, a = factories.producer_account(name="HTX Gốm Chu Đậu", commit=True)
    user_b, b = factories.producer_account(name="Cơ sở Mây Phú Vinh", commit=True)
    held = services.hold_booth(fair, booth(fair, "S01"), a, user_a)
    paid = services.hold_booth(fair, booth(fair, "C01"), b, user_b)
    services.start_payment(paid)
    pay(paid)
    db.session.commit()
    url = f"/fairs/manage/{fair.id}/bookings"

    def refs(query: str) -> set[str]:
        page = client.get(url + query).get_data(as_text=True)
        return {ref for ref in (held.reference, paid.reference) if ref in page}

    assert refs("") == {held.reference, paid.reference}
    assert refs("?status=paid") == {paid.reference}
    assert refs("?q=gom chu dau") == {held.reference}  # accents optional
    assert refs(f"?q={paid.reference.lower()}") == {paid.reference}
    assert refs("?q=C01") == {paid.reference}
    corner = next(t for t in fair.booth_types if t.code == "corner")
    assert refs(f"?type={corner.id}") == {paid.reference}
    assert refs("?status=bogus&type=x") == {held.reference, paid.reference}  # nonsense filters are ignored
    page = client.get(url).get_data(as_text=True)
    assert "2 of 4 booths taken" in page or "2 / 4" in page or "2 trên 4" in page


def test_the_desk_approves_rejects_assigns_moves_and_cancels(client, csrf, db, organiser, staff, outbox):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    user_a, a = factories.producer_account(commit=True)
    user_b, b = factories.producer_account(commit=True)
    user_c, c = factories.producer_account(commit=True)
    approve_me = services.hold_booth(fair, booth(fair, "S01"), a, user_a)
    reject_me = services.hold_booth(fair, booth(fair, "S02"), b, user_b)
    services.submit_booking(approve_me, [], None)
    services.submit_booking(reject_me, [], None)
    standard = next(t for t in fair.booth_types if t.code == "standard")
    assign_me = services.request_assignment(fair, standard, c, user_c, [], None)
    db.session.commit()
    token = csrf(f"/fairs/manage/bookings/{approve_me.id}")
    base = "/fairs/manage/bookings"

    assert client.post(f"{base}/{approve_me.id}/approve", data={"csrf_token": token}).status_code == 303
    assert (
        client.post(f"{base}/{reject_me.id}/reject", data={"reject-csrf_token": token, "reject-reason": ""}).status_code
        == 422
    )
    assert (
        client.post(
            f"{base}/{reject_me.id}/reject", data={"reject-csrf_token": token, "reject-reason": "Hồ sơ thiếu"}
        ).status_code
        == 303
    )
    assert (
        client.post(f"{base}/{assign_me.id}/assign", data={"csrf_token": token, "booth_code": "S01"}).status_code == 409
    )  # taken
    assert (
        client.post(f"{base}/{assign_me.id}/assign", data={"csrf_token": token, "booth_code": "s03"}).status_code == 303
    )
    assert (
        client.post(f"{base}/{approve_me.id}/move", data={"csrf_token": token, "booth_code": "C02"}).status_code == 303
    )
    assert (
        client.post(
            f"{base}/{assign_me.id}/cancel", data={"cancel-csrf_token": token, "cancel-reason": "Trùng hồ sơ"}
        ).status_code
        == 303
    )

    for booking in (approve_me, reject_me, assign_me):
        db.session.refresh(booking)
    assert (approve_me.status, approve_me.booth.code) == ("pending_payment", "C02")
    assert (reject_me.status, reject_me.decision_reason) == ("rejected", "Hồ sơ thiếu")
    assert (assign_me.status, assign_me.cancel_reason) == ("cancelled", "Trùng hồ sơ")
    mailed = {m["To"] for m in outbox.messages()}
    assert {user_a.email, user_b.email, user_c.email} <= mailed
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("fairs.%"))))
    assert {
        "fairs.booking_approved",
        "fairs.booking_rejected",
        "fairs.booth_assigned",
        "fairs.booking_moved",
        "fairs.booking_cancelled",
    } <= actions


def test_desk_actions_on_another_fairs_booth_code_are_refused(client, csrf, db, organiser, staff):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    token = csrf(f"/fairs/manage/bookings/{booking.id}")
    response = client.post(f"/fairs/manage/bookings/{booking.id}/move", data={"csrf_token": token, "booth_code": "Q9"})
    assert response.status_code == 422
    assert db.session.get(Booking, booking.id).booth.code == "S01"
