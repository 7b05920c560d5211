"""The buying-request board: post, tell matching producers, answer with quotes, pick one, deadlines, moderation."""

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.inquiries import board
from marketplace.inquiries.models import CLOSED, BuyingRequest, Inquiry
from tests import factories
from tests.conftest import post_form
from tests.inquiries.conftest import forget_mail

SOON = date.today() + timedelta(days=10)


def _request_data(**extra):
    return {
        "title": "Cần 1.000 giỏ mây",
        "group_number": "1",
        "quantity": "1000",
        "unit": "chiếc",
        "export_market": "Nhật Bản",
        "deadline": SOON.isoformat(),
        **extra,
    }


def test_a_buyer_posts_a_request_and_producers_of_that_group_are_told(
    db, client, login, outbox, buyer, make_user, producer_user, product
):
    food_maker = make_user("producer")
    factories.product(
        factories.producer(created_by=food_maker, name="Cơ sở nước mắm", commit=True),
        name="Nước mắm",
        group_number=2,
        code="NM",
        commit=True,
    )
    login(buyer)

    response = post_form(client, "/requests/new", "/requests/new", _request_data())

    assert response.status_code == 302
    posted = db.session.execute(select(BuyingRequest)).scalar_one()
    assert (posted.title, posted.group_number, posted.quantity, posted.export_market) == (
        "Cần 1.000 giỏ mây",
        1,
        1000,
        "Nhật Bản",
    )
    recipients = [m["To"] for m in outbox.messages()]
    assert recipients == [producer_user.email]  # the handicraft producer, not the fish-sauce maker
    assert "Cần 1.000 giỏ mây" in outbox.last().get_body(("plain",)).get_content()
    assert "Cần 1.000 giỏ mây" in client.get("/requests").get_data(as_text=True)


def test_a_deadline_in_the_past_is_refused(db, client, login, buyer):
    login(buyer)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    response = post_form(client, "/requests/new", "/requests/new", _request_data(deadline=yesterday))
    assert response.status_code == 422
    assert db.session.execute(select(BuyingRequest)).first() is None


def test_producers_answer_with_quotes_and_the_buyer_picks_one(
    db, client, login, app, buyer, producer_user, make_user, producer
):
    posted = board.post_request(buyer, {**_request_data(group_number=1, quantity=1000), "deadline": SOON})
    rival_account = make_user("producer")
    rival = factories.producer(created_by=rival_account, name="Cơ sở Bình An", commit=True)
    db.session.commit()
    forget_mail()
    page = f"/requests/{posted.id}"
    login(producer_user)
    assert (
        post_form(
            client, page, f"{page}/quotes", {"unit_price_vnd": "45000", "valid_until": SOON.isoformat()}
        ).status_code
        == 302
    )
    other = app.test_client()
    login(rival_account, other)
    assert (
        post_form(
            other, page, f"{page}/quotes", {"unit_price_vnd": "43000", "valid_until": SOON.isoformat()}
        ).status_code
        == 302
    )

    threads = db.session.execute(select(Inquiry).where(Inquiry.request_id == posted.id)).scalars().all()
    assert sorted(t.producer_id for t in threads) == sorted([producer.id, rival.id])
    chosen = next(t for t in threads if t.producer_id == rival.id).quotes[0]
    buyer_client = app.test_client()
    login(buyer, buyer_client)
    answers = buyer_client.get(page).get_data(as_text=True)
    assert "43,000 ₫" in answers and "45,000 ₫" in answers  # an English page writes money the English way
    post_form(buyer_client, f"/inquiries/{chosen.inquiry_id}", f"/inquiries/quotes/{chosen.id}/accept", {})

    db.session.refresh(posted)
    assert posted.status == CLOSED
    late = post_form(client, page, f"{page}/quotes", {"unit_price_vnd": "40000", "valid_until": SOON.isoformat()})
    assert late.status_code == 409


def test_a_second_answer_from_one_producer_stays_in_its_thread(db, buyer, producer, producer_user):
    posted = board.post_request(buyer, {**_request_data(group_number=1, quantity=5), "deadline": SOON})
    quote = {"unit_price_vnd": 1000, "valid_until": SOON}
    first = board.answer_request(posted, producer, producer_user, quote)
    second = board.answer_request(posted, producer, producer_user, {**quote, "unit_price_vnd": 900})
    assert first.id == second.id and [q.unit_price_vnd for q in second.quotes] == [1000, 900]


def test_requests_close_at_their_deadline(db, app, buyer):
    posted = board.post_request(buyer, {**_request_data(group_number=1, quantity=5), "deadline": date.today()})
    db.session.commit()
    assert posted.is_open_on(date.today())
    assert not posted.is_open_on(date.today() + timedelta(days=1))

    assert board.close_expired_requests(today=date.today() + timedelta(days=1)) == 1
    db.session.refresh(posted)
    assert posted.status == CLOSED


def test_an_organiser_hides_a_request_from_the_board(db, client, login, app, buyer, make_user):
    posted = board.post_request(buyer, {**_request_data(group_number=1, quantity=5), "deadline": SOON})
    db.session.commit()
    login(make_user("organiser"))
    page = f"/requests/{posted.id}"
    assert post_form(client, page, f"{page}/hide", {"reason": ""}).status_code == 422
    assert post_form(client, page, f"{page}/hide", {"reason": "Quảng cáo trá hình"}).status_code == 302

    public = app.test_client()
    assert posted.title not in public.get("/requests").get_data(as_text=True)
    assert public.get(page).status_code == 404
    owner = app.test_client()
    login(buyer, owner)
    assert "Quảng cáo trá hình" in owner.get(page).get_data(as_text=True)

    assert post_form(client, page, f"{page}/unhide", {}).status_code == 302
    assert posted.title in public.get("/requests").get_data(as_text=True)


def test_the_board_filters_by_group_and_hides_expired_requests(db, app, buyer):
    board.post_request(buyer, {**_request_data(title="Mây tre", group_number=1, quantity=5), "deadline": SOON})
    board.post_request(buyer, {**_request_data(title="Nước mắm", group_number=2, quantity=5), "deadline": SOON})
    old = board.post_request(buyer, {**_request_data(title="Hết hạn", group_number=1, quantity=5), "deadline": SOON})
    old.deadline = date.today() - timedelta(days=1)
    db.session.commit()
    client = app.test_client()

    crafts = client.get("/requests?group=1").get_data(as_text=True)

    assert "Mây tre" in crafts and "Nước mắm" not in crafts and "Hết hạn" not in crafts
