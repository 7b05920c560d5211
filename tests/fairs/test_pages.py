"""The producer's fair pages through real requests: the plan, a booth's price split, holding,
submitting, cancelling, asking for a booth and the waiting list, with permissions."""

import re

import pytest
from sqlalchemy import select

from marketplace.catalogue.models import Product
from marketplace.fairs import services
from marketplace.fairs.models import Booking
from tests import factories
from tests.factories import booth


def text_of(response) -> str:
    return response.get_data(as_text=True)


def test_the_fair_page_draws_an_accessible_plan_with_legend_and_list(client, organiser):
    fair = factories.fair(organiser, standard=2, corner=1, commit=True)

    page = text_of(client.get(f"/fairs/{fair.id}"))

    assert '<svg class="plan-svg"' in page and 'role="group"' in page
    assert re.search(r'<a class="plan-booth st-available"[^>]*data-code="S01"', page)
    assert 'aria-label="S01: Gian tiêu chuẩn, ' in page
    assert 'class="plan-legend"' in page
    assert '<table class="booth-table">' in page  # the plain list for those who cannot use the drawing
    assert "6.000.000 ₫" in page


def test_drafts_are_hidden_from_the_public_but_shown_to_organisers(client, login, organiser):
    draft = factories.fair(organiser, publish=False, commit=True)
    assert client.get(f"/fairs/{draft.id}").status_code == 404
    assert client.get(f"/fairs/{draft.id}/booths/S01").status_code == 404
    login(organiser)
    assert client.get(f"/fairs/{draft.id}").status_code == 200


def test_the_booth_page_splits_the_price_for_the_signed_in_producer(client, login, organiser):
    fair = factories.fair(
        organiser, subsidy_percent=50, subsidy_cap_vnd=2_000_000, subsidy_budget_vnd=20_000_000, commit=True
    )
    user, _producer = factories.producer_account(commit=True)
    login(user)

    page = text_of(client.get(f"/fairs/{fair.id}/booths/S01"))

    assert "6.000.000 ₫" in page and "− 2.000.000 ₫" in page and "4.000.000 ₫" in page
    assert f'action="/fairs/{fair.id}/booths/S01/hold"' in page


def test_holding_then_submitting_a_booth_in_the_browser_flow(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    product = Product(
        producer_id=producer.id,
        code="P1",
        name="Chiếu cói Kim Sơn",
        slug="chieu-coi",
        group_number=1,
        status="published",
    )
    db.session.add(product)
    db.session.commit()
    login(user)

    token = csrf(f"/fairs/{fair.id}/booths/S01")
    held = client.post(f"/fairs/{fair.id}/booths/S01/hold", data={"csrf_token": token, "producer": producer.id})
    assert held.status_code == 303
    booking_url = held.headers["Location"]
    page = text_of(client.get(booking_url))
    assert "Chiếu cói Kim Sơn" in page

    token = csrf(booking_url)
    submitted = client.post(
        f"{booking_url}/submit", data={"csrf_token": token, "products": [str(product.id)], "note": "Cần ổ điện"}
    )
    assert submitted.status_code == 303
    booking = db.session.scalar(select(Booking).where(Booking.producer_id == producer.id))
    db.session.refresh(booking)
    assert booking.status == "pending_payment" and booking.note == "Cần ổ điện"
    assert [p.product_id for p in booking.products] == [product.id]


def test_a_taken_booth_answers_409_and_a_missing_token_400(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, commit=True)
    (user_a, a), (user_b, b) = factories.producer_account(commit=True), factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), a, user_a)
    db.session.commit()
    login(user_b)

    assert client.post(f"/fairs/{fair.id}/booths/S01/hold", data={"producer": b.id}).status_code == 400
    token = csrf(f"/fairs/{fair.id}/booths/S02")
    taken = client.post(f"/fairs/{fair.id}/booths/S01/hold", data={"csrf_token": token, "producer": b.id})
    assert taken.status_code == 409
    assert "Gian này vừa có người khác đăng ký" in text_of(taken)  # the site speaks Vietnamese first


def test_only_producer_accounts_hold_booths(client, login, csrf, organiser, make_user):
    fair = factories.fair(organiser, commit=True)
    login(make_user("buyer"))
    token = csrf(f"/fairs/{fair.id}/booths/S01")
    response = client.post(f"/fairs/{fair.id}/booths/S01/hold", data={"csrf_token": token})
    assert response.status_code == 403
    anonymous = client.application.test_client()
    assert anonymous.post(f"/fairs/{fair.id}/booths/S01/hold").status_code in (302, 400, 401)


def test_another_producers_booking_is_not_found(client, login, db, organiser, csrf):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    other_user, _other = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    login(other_user)

    assert client.get(f"/fairs/bookings/{booking.id}").status_code == 404
    token = csrf("/fairs/mine")
    assert (
        client.post(f"/fairs/bookings/{booking.id}/cancel", data={"csrf_token": token, "reason": "x"}).status_code
        == 404
    )


def test_the_producer_cancels_with_a_reason_from_the_booking_page(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    login(user)
    url = f"/fairs/bookings/{booking.id}"

    token = csrf(url)
    assert client.post(f"{url}/cancel", data={"csrf_token": token, "reason": ""}).status_code == 422
    assert client.post(f"{url}/cancel", data={"csrf_token": token, "reason": "Ốm"}).status_code == 303
    db.session.refresh(booking)
    assert (booking.status, booking.cancel_reason, booking.cancelled_by_id) == ("cancelled", "Ốm", user.id)


def test_asking_the_organiser_for_a_booth_and_joining_a_waiting_list(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, standard=1, corner=1, commit=True)
    holder_user, holder = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), holder, holder_user)
    db.session.commit()
    user, producer = factories.producer_account(commit=True)
    login(user)
    corner = next(t for t in fair.booth_types if t.code == "corner")
    standard = next(t for t in fair.booth_types if t.code == "standard")

    token = csrf(f"/fairs/{fair.id}/request")
    asked = client.post(
        f"/fairs/{fair.id}/request",
        data={"csrf_token": token, "producer": producer.id, "booth_type": corner.id, "note": ""},
    )
    assert asked.status_code == 303
    request = db.session.scalar(select(Booking).where(Booking.producer_id == producer.id))
    assert request.status == "requested" and request.booth_id is None

    page = text_of(client.get(f"/fairs/{fair.id}"))
    assert "waitlist" in page  # the standard type is full, so the waiting-list form is offered
    token = csrf(f"/fairs/{fair.id}")
    joined = client.post(
        f"/fairs/{fair.id}/waitlist", data={"csrf_token": token, "producer": producer.id, "booth_type": standard.id}
    )
    assert joined.status_code == 303
    mine = text_of(client.get("/fairs/mine"))
    assert request.reference in mine and "Gian tiêu chuẩn" in mine


def test_the_home_page_lists_upcoming_fairs(client, organiser):
    factories.fair(organiser, name="Hội chợ mùa thu", commit=True)
    page = text_of(client.get("/"))
    assert "Hội chợ mùa thu" in page and 'id="home-fairs"' in page


def test_a_draft_is_not_offered_for_a_booking_nor_accepted(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    shown = Product(
        producer_id=producer.id,
        code="P1",
        name="Chiếu cói Kim Sơn",
        slug="chieu-coi",
        group_number=1,
        status="published",
    )
    draft = Product(
        producer_id=producer.id, code="P2", name="Mẫu chiếu chưa xong", slug="mau-chieu", group_number=1, status="draft"
    )
    db.session.add_all([shown, draft])
    db.session.commit()
    login(user)
    held = client.post(
        f"/fairs/{fair.id}/booths/S01/hold",
        data={"csrf_token": csrf(f"/fairs/{fair.id}/booths/S01"), "producer": producer.id},
    )
    booking_url = held.headers["Location"]

    page = client.get(booking_url).get_data(as_text=True)
    request_page = client.get(f"/fairs/{fair.id}/request").get_data(as_text=True)
    forged = client.post(f"{booking_url}/submit", data={"csrf_token": csrf(booking_url), "products": [draft.id]})

    assert "Chiếu cói Kim Sơn" in page and "Mẫu chiếu chưa xong" not in page
    assert "Chiếu cói Kim Sơn" in request_page and "Mẫu chiếu chưa xong" not in request_page
    assert forged.status_code == 422
    with pytest.raises(services.BookingError):
        services.submit_booking(db.session.get(Booking, int(booking_url.rstrip("/").split("/")[-1])), [draft], None)
