"""Gaps closed after the core: a lapsed hold is owed to the waiting list (shown held at once, offered by
the sweep or the next booking write), producers change the products they show until the organiser
decides, and an organiser withdraws a fair nobody booked."""

from datetime import timedelta

from sqlalchemy import select

from marketplace.catalogue.models import Product
from marketplace.core.audit import AuditEvent
from marketplace.core.models import utcnow
from marketplace.fairs import services, waitlist
from marketplace.fairs.cli import sweep
from marketplace.fairs.models import Booking, Fair
from tests import factories
from tests.factories import booth


def _standard(fair):
    return next(t for t in fair.booth_types if t.code == "standard")


def _lapsed_hold_with_someone_waiting(db, organiser):
    fair = factories.fair(organiser, standard=1, corner=0, hold_minutes=30, commit=True)
    holder_user, holder = factories.producer_account(commit=True)
    waiting_user, waiting = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), holder, holder_user, now=utcnow() - timedelta(minutes=40))
    db.session.commit()
    waitlist.join_waitlist(fair, _standard(fair), waiting, waiting_user, now=utcnow() - timedelta(minutes=35))
    db.session.commit()
    return fair, holder, waiting_user, waiting


def test_reading_the_fair_shows_a_lapsed_booth_held_for_the_first_in_line_and_writes_nothing(
    client, db, organiser, outbox
):
    fair, holder, waiting_user, waiting = _lapsed_hold_with_someone_waiting(db, organiser)
    version = fair.lock_version

    page = client.get(f"/fairs/{fair.id}").get_data(as_text=True)  # an anonymous visitor reads the plan
    booth_page = client.get(f"/fairs/{fair.id}/booths/S01").get_data(as_text=True)

    assert 'aria-label="S01: Gian tiêu chuẩn, Tạm giữ"' in page  # owed to the waiting producer, not free
    assert "Tạm giữ" in booth_page
    db.session.refresh(fair)
    assert fair.lock_version == version and outbox.messages() == []  # a read takes no lock, mails nobody
    statuses = {b.producer_id: b.status for b in db.session.scalars(select(Booking).where(Booking.fair_id == fair.id))}
    assert statuses == {holder.id: "held"}  # the lapsed hold is written down by the sweep, not by the read

    expired, offered = sweep(now=utcnow())
    assert (expired, offered) == (1, 1)
    bookings = {b.producer_id: b for b in db.session.scalars(select(Booking).where(Booking.fair_id == fair.id))}
    assert (bookings[waiting.id].status, bookings[waiting.id].origin) == ("held", "waitlist")
    assert [m["To"] for m in outbox.messages()] == [waiting_user.email]


def test_a_producer_grabbing_a_lapsed_booth_loses_it_to_the_waiting_list(client, login, csrf, db, organiser):
    fair, _holder, _waiting_user, waiting = _lapsed_hold_with_someone_waiting(db, organiser)
    grabber_user, grabber = factories.producer_account(commit=True)
    login(grabber_user)
    token = csrf("/fairs/mine")

    response = client.post(f"/fairs/{fair.id}/booths/S01/hold", data={"csrf_token": token, "producer": grabber.id})

    assert response.status_code == 409
    owners = db.session.scalars(
        select(Booking.producer_id).where(Booking.fair_id == fair.id, Booking.status == "held")
    ).all()
    assert owners == [waiting.id]


def test_the_api_booth_list_also_shows_the_lapsed_booth_held_and_writes_nothing(client, db, organiser, outbox):
    fair, holder, *_rest = _lapsed_hold_with_someone_waiting(db, organiser)
    items = client.get(f"/api/v1/fairs/{fair.id}/booths").get_json()["items"]
    assert [(i["code"], i["status"]) for i in items] == [("S01", "held")]
    assert outbox.messages() == []
    assert db.session.scalars(select(Booking.status).where(Booking.fair_id == fair.id)).all() == ["held"]


def test_without_anyone_waiting_a_read_writes_nothing(client, db, organiser):
    fair = factories.fair(organiser, standard=1, corner=0, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user, now=utcnow() - timedelta(hours=2))
    db.session.commit()
    version = fair.lock_version

    assert 'aria-label="S01: Gian tiêu chuẩn, Còn trống' in client.get(f"/fairs/{fair.id}").get_data(as_text=True)
    db.session.refresh(fair)
    db.session.refresh(booking)
    assert fair.lock_version == version and booking.status == "held"  # read as expired, left to the sweep


# --- the products to show ----------------------------------------------------------------------------


def _products(db, producer, *names):
    made = []
    for n, name in enumerate(names):
        product = Product(
            producer_id=producer.id,
            code=f"P{producer.id}-{n}",
            name=name,
            slug=f"p-{producer.id}-{n}",
            group_number=1,
            status="published",
        )
        db.session.add(product)
        made.append(product)
    db.session.commit()
    return made


def test_a_producer_changes_the_products_until_the_organiser_approves(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    user, producer = factories.producer_account(commit=True)
    hat, basket = _products(db, producer, "Nón lá Huế", "Giỏ cói")
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.submit_booking(booking, [hat], None)
    db.session.commit()
    login(user)
    url = f"/fairs/bookings/{booking.id}"
    token = csrf(url)
    assert f'action="{url}/products"' in client.get(url).get_data(as_text=True)

    assert client.post(f"{url}/products", data={"csrf_token": token, "products": [str(basket.id)]}).status_code == 303
    db.session.refresh(booking)
    assert [item.product_id for item in booking.products] == [basket.id]

    services.approve_booking(booking, organiser)
    db.session.commit()
    refused = client.post(f"{url}/products", data={"csrf_token": token, "products": [str(hat.id)]})
    assert refused.status_code == 422
    db.session.refresh(booking)
    assert [item.product_id for item in booking.products] == [basket.id]
    assert f'action="{url}/products"' not in client.get(url).get_data(as_text=True)


def test_only_the_producers_own_accounts_change_the_products(client, login, csrf, db, organiser, make_user):
    fair = factories.fair(organiser, booking_mode="approval", commit=True)
    user, producer = factories.producer_account(commit=True)
    other_user, other = factories.producer_account(commit=True)
    (hat,) = _products(db, producer, "Nón lá Huế")
    (theirs,) = _products(db, other, "Chiếu cói")
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    services.submit_booking(booking, [hat], None)
    db.session.commit()
    path = f"/fairs/bookings/{booking.id}/products"

    assert client.post(path, data={"products": [str(hat.id)]}).status_code in (302, 400)  # anonymous
    for account, status in ((other_user, 404), (make_user("buyer"), 404), (organiser, 403)):
        login(account)
        token = csrf("/fairs/")
        assert client.post(path, data={"csrf_token": token, "products": []}).status_code == status
    login(user)
    token = csrf("/fairs/")
    # Another producer's product is not a choice: refused, nothing changed.
    assert client.post(path, data={"csrf_token": token, "products": [str(theirs.id)]}).status_code == 422
    db.session.refresh(booking)
    assert [item.product_id for item in booking.products] == [hat.id]


# --- withdrawing a fair -----------------------------------------------------------------------------


def test_a_fair_with_a_live_booking_cannot_be_withdrawn_then_can_once_it_is_cancelled(
    client, login, csrf, db, organiser
):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    booking = services.hold_booth(fair, booth(fair, "S01"), producer, user)
    db.session.commit()
    login(organiser)
    token = csrf(f"/fairs/manage/{fair.id}")

    refused = client.post(f"/fairs/manage/{fair.id}/withdraw", data={"csrf_token": token}, follow_redirects=True)
    assert "1 đăng ký" in refused.get_data(as_text=True)
    assert db.session.get(Fair, fair.id).status == "published"

    services.cancel_booking(booking, organiser, "Nhà sản xuất rút lui", by_staff=True)
    db.session.commit()
    assert client.post(f"/fairs/manage/{fair.id}/withdraw", data={"csrf_token": token}).status_code == 303
    db.session.refresh(fair)
    assert fair.status == "draft"
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "fairs.fair_withdrawn")) is not None
    client.post("/account/logout", data={"csrf_token": token})
    anonymous = client.application.test_client()
    assert anonymous.get(f"/fairs/{fair.id}").status_code == 404
    assert all(item["id"] != fair.id for item in anonymous.get("/api/v1/fairs").get_json()["items"])


def test_a_lapsed_hold_does_not_stop_a_withdrawal_and_producers_cannot_withdraw(client, login, csrf, db, organiser):
    fair = factories.fair(organiser, commit=True)
    user, producer = factories.producer_account(commit=True)
    services.hold_booth(fair, booth(fair, "S01"), producer, user, now=utcnow() - timedelta(hours=1))
    db.session.commit()
    login(user)
    token = csrf("/fairs/")
    assert client.post(f"/fairs/manage/{fair.id}/withdraw", data={"csrf_token": token}).status_code == 403
    assert db.session.get(Fair, fair.id).status == "published"

    from marketplace.fairs import organise

    organise.withdraw_fair(fair, None)
    db.session.commit()
    assert fair.status == "draft"
