"""Starting an inquiry from a product or producer page, the draft kept across sign-in, and the thread's life."""

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.inquiries.models import ACCEPTED, ANSWERED, CLOSED, DECLINED, NEW, QUOTED, Inquiry, Message
from tests import factories
from tests.conftest import post_form
from tests.inquiries.conftest import visible_text


def _send(client, product, **fields):
    page = f"/inquiries/new?product_id={product.id}"
    data = {
        "message": "Xin báo giá 500 chiếc giỏ.",
        "quantity": "500",
        "unit": "chiếc",
        "contact_preference": "site",
        **fields,
    }
    return post_form(client, page, page, data)


def test_a_verified_buyer_sends_an_inquiry_from_a_product_page(db, client, login, buyer, product):
    login(buyer)
    page = client.get(f"/products/{product.id}")
    assert f"/inquiries/new?product_id={product.id}" in page.get_data(as_text=True)

    response = _send(client, product, target_price_vnd="100000", wanted_by="2031-05-01", delivery_province_code="01")

    assert response.status_code == 302
    inquiry = db.session.execute(select(Inquiry)).scalar_one()
    assert (inquiry.buyer_id, inquiry.product_id, inquiry.status) == (buyer.id, product.id, NEW)
    assert (inquiry.quantity, inquiry.target_price_vnd, inquiry.wanted_by) == (500, 100_000, date(2031, 5, 1))
    assert response.headers["Location"].endswith(f"/inquiries/{inquiry.id}")
    assert [m.body for m in inquiry.messages] == ["Xin báo giá 500 chiếc giỏ."]


def test_the_producer_page_contact_button_starts_an_inquiry_to_that_producer(db, client, login, buyer, producer):
    login(buyer)
    page = f"/inquiries/new?producer_id={producer.id}"
    assert page in client.get(f"/producers/{producer.id}").get_data(as_text=True)

    response = post_form(
        client, page, page, {"message": "Anh chị có nhận gia công không?", "contact_preference": "email"}
    )

    assert response.status_code == 302
    inquiry = db.session.execute(select(Inquiry)).scalar_one()
    assert (inquiry.producer_id, inquiry.product_id, inquiry.contact_preference) == (producer.id, None, "email")


def test_bad_input_is_refused_with_messages_and_nothing_is_written(db, client, login, buyer, product):
    login(buyer)

    response = _send(client, product, message="", quantity="0", target_price_vnd="-5")

    assert response.status_code == 422
    assert 'id="message-error"' in response.get_data(as_text=True)
    assert 'id="quantity-error"' in response.get_data(as_text=True)
    assert db.session.execute(select(Inquiry)).first() is None


def test_an_unverified_buyer_and_a_producer_cannot_send(db, client, login, make_user, product):
    login(make_user("buyer", verified=False))
    assert _send(client, product).status_code == 403
    login(make_user("producer"))
    assert _send(client, product).status_code == 403
    assert db.session.execute(select(Inquiry)).first() is None


def test_drafts_and_archived_products_take_no_inquiries(db, client, login, buyer, product):
    login(buyer)
    product.status = "draft"
    db.session.commit()
    assert client.get(f"/inquiries/new?product_id={product.id}").status_code == 404
    assert client.get("/inquiries/new?product_id=99999999999").status_code == 404
    assert client.get("/inquiries/new").status_code == 404


def test_a_signed_out_visitor_keeps_what_they_typed_through_sign_in(app, db, client, login, buyer, product):
    """The draft waits in the database behind a cookie that survives the session reset at login."""
    response = _send(client, product, message="Tôi cần 300 giỏ trước Tết.", quantity="300")
    assert response.status_code == 302 and "/inquiries/draft" in response.headers["Location"]
    assert db.session.execute(select(Inquiry)).first() is None

    login(buyer)
    form = client.get(f"/inquiries/new?product_id={product.id}").get_data(as_text=True)

    assert "Tôi cần 300 giỏ trước Tết." in form
    assert 'value="300"' in form
    sent = _send(client, product, message="Tôi cần 300 giỏ trước Tết.", quantity="300")
    assert sent.status_code == 302
    assert "inquiry_draft=;" in sent.headers.get("Set-Cookie", "")


def test_a_draft_for_another_product_does_not_fill_the_form(db, client, login, buyer, producer, product):
    other = factories.product(producer, name="Đèn tre", code="DT-1", commit=True)
    _send(client, product, message="Bí mật của trang khác")
    login(buyer)
    assert "Bí mật của trang khác" not in client.get(f"/inquiries/new?product_id={other.id}").get_data(as_text=True)


def test_the_producers_answer_then_quote_move_the_status(db, client, login, thread, producer_user):
    login(producer_user)
    page = f"/inquiries/{thread.id}"

    answered = post_form(client, page, f"{page}/messages", {"body": "Có hàng sẵn ạ."})
    assert answered.status_code == 302
    db.session.refresh(thread)
    assert thread.status == ANSWERED and thread.first_response_at is not None

    quote = post_form(
        client,
        page,
        f"{page}/quotes",
        {
            "unit_price_vnd": "120000",
            "unit": "chiếc",
            "min_quantity": "100",
            "lead_time_days": "21",
            "valid_until": (date.today() + timedelta(days=10)).isoformat(),
            "delivery_terms": "Giao tại Hà Nội",
        },
    )
    assert quote.status_code == 302
    db.session.refresh(thread)
    assert thread.status == QUOTED and thread.quotes[0].unit_price_vnd == 120_000


def test_a_quote_valid_until_yesterday_is_refused(db, client, login, thread, producer_user):
    login(producer_user)
    page = f"/inquiries/{thread.id}"
    response = post_form(
        client,
        page,
        f"{page}/quotes",
        {"unit_price_vnd": "1000", "valid_until": (date.today() - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    db.session.refresh(thread)
    assert thread.quotes == [] and thread.status == NEW


def test_the_buyer_accepts_a_quote_and_the_lead_is_recorded(db, client, login, buyer, quoted):
    login(buyer)
    page = f"/inquiries/{quoted.inquiry_id}"

    response = post_form(client, page, f"/inquiries/quotes/{quoted.id}/accept", {})

    assert response.status_code == 302
    db.session.refresh(quoted)
    assert quoted.status == ACCEPTED and quoted.decided_at is not None
    assert (quoted.inquiry.status, quoted.inquiry.outcome) == (CLOSED, "won")
    again = post_form(client, page, f"/inquiries/quotes/{quoted.id}/decline", {})
    assert again.status_code == 409


def test_declining_keeps_the_thread_open_for_another_quote(db, client, login, buyer, quoted):
    login(buyer)
    post_form(client, f"/inquiries/{quoted.inquiry_id}", f"/inquiries/quotes/{quoted.id}/decline", {})
    db.session.refresh(quoted)
    assert quoted.status == DECLINED and quoted.inquiry.status == QUOTED


def test_an_expired_quote_cannot_be_accepted(db, client, login, buyer, quoted):
    quoted.valid_until = date.today() - timedelta(days=1)
    db.session.commit()
    login(buyer)
    response = post_form(client, f"/inquiries/{quoted.inquiry_id}", f"/inquiries/quotes/{quoted.id}/accept", {})
    assert response.status_code == 409
    db.session.refresh(quoted)
    assert quoted.status == "open"


def test_either_party_closes_with_an_outcome(db, client, login, buyer, thread):
    login(buyer)
    page = f"/inquiries/{thread.id}"
    assert post_form(client, page, f"{page}/close", {"outcome": "bogus"}).status_code == 422
    assert post_form(client, page, f"{page}/close", {"outcome": "lost"}).status_code == 302
    db.session.refresh(thread)
    assert (thread.status, thread.outcome) == (CLOSED, "lost")


def test_links_in_messages_are_clickable_and_markup_is_not(db, client, login, buyer, thread):
    login(buyer)
    page = f"/inquiries/{thread.id}"
    body = 'Xem www.senviet.vn/catalog. <script>alert(1)</script> <a href="javascript:alert(2)">x</a>'
    post_form(client, page, f"{page}/messages", {"body": body})

    html = client.get(page).get_data(as_text=True)

    assert '<a href="https://www.senviet.vn/catalog" rel="nofollow noopener noreferrer ugc">' in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="javascript:' not in html and "&lt;a href=" in html


def test_the_inbox_counts_unread_threads_and_filters_by_status(
    db, client, login, producer_user, thread, buyer, product
):
    login(producer_user)
    inbox = client.get("/inquiries")
    assert "Có tin mới" in visible_text(inbox)
    assert 'class="count-badge">1' in inbox.get_data(as_text=True)

    client.get(f"/inquiries/{thread.id}")  # reading it clears the badge
    assert 'class="count-badge"' not in client.get("/inquiries").get_data(as_text=True)
    assert thread.subject in client.get("/inquiries?status=new").get_data(as_text=True)
    assert thread.subject not in client.get("/inquiries?status=closed").get_data(as_text=True)


def test_contacts_are_revealed_inside_the_thread_only(db, client, login, app, thread, producer):
    anonymous = app.test_client()
    assert producer.email not in anonymous.get(f"/producers/{producer.id}").get_data(as_text=True)
    login(thread.buyer)
    assert producer.email in client.get(f"/inquiries/{thread.id}").get_data(as_text=True)


def test_reporting_spam_hides_the_thread_from_the_producer(db, client, login, thread, producer_user):
    login(producer_user)
    page = f"/inquiries/{thread.id}"
    assert post_form(client, page, f"{page}/report", {}).status_code == 302
    assert client.get(page).status_code == 404
    assert thread.subject not in client.get("/inquiries").get_data(as_text=True)
    db.session.refresh(thread)
    assert thread.spam_reported_at is not None


def test_messages_are_kept_whole_or_not_at_all(db, client, login, buyer, thread):
    """A message over the length limit is refused without touching the thread."""
    login(buyer)
    page = f"/inquiries/{thread.id}"
    response = post_form(client, page, f"{page}/messages", {"body": "x" * 5001})
    assert response.status_code == 422
    assert len(db.session.execute(select(Message).where(Message.inquiry_id == thread.id)).all()) == 1
