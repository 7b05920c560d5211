"""Mail on every new inquiry, message and quote, in the recipient's language, or one daily digest instead."""

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.inquiries import notifications, services, spam
from marketplace.inquiries.models import BUYER, PRODUCER, Notice
from tests import factories
from tests.conftest import post_form


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_new_inquiry_mails_the_producer_in_vietnamese(client, login, outbox, buyer, producer_user, product):
    login(buyer)
    page = f"/inquiries/new?product_id={product.id}"
    post_form(
        client,
        page,
        page,
        {
            "message": "Please quote 500 baskets, see https://senviet.example/spec",
            "quantity": "500",
            "unit": "chiếc",
            "contact_preference": "site",
        },
    )

    mail = outbox.last()
    assert mail["To"] == producer_user.email
    assert mail["Subject"] == "Yêu cầu báo giá mới: Giỏ mây đan"
    body = _text(mail)
    assert "Công ty Sen Việt" in body and "Please quote 500 baskets" in body
    assert "Số lượng: 500 chiếc" in body
    assert "http://localhost/inquiries/" in body


def test_the_producers_reply_and_quote_mail_the_buyer_in_english(db, client, login, outbox, thread, producer_user):
    login(producer_user)
    page = f"/inquiries/{thread.id}"
    post_form(client, page, f"{page}/messages", {"body": "Chúng tôi có sẵn hàng."})
    reply = outbox.last()
    assert reply["To"] == thread.buyer.email
    assert reply["Subject"] == "New message about Giỏ mây đan"
    assert "Chúng tôi có sẵn hàng." in _text(reply)

    post_form(
        client,
        page,
        f"{page}/quotes",
        {
            "unit_price_vnd": "1250000",
            "unit": "bộ",
            "min_quantity": "10",
            "valid_until": (date.today() + timedelta(days=3)).isoformat(),
        },
    )
    quote = outbox.last()
    assert quote["Subject"] == "New quote for Giỏ mây đan"
    assert "Unit price: 1,250,000 ₫ / bộ" in _text(quote)  # English mail, English digits
    assert "Minimum quantity: 10" in _text(quote)


def test_accepting_a_quote_tells_the_producer(client, login, outbox, buyer, quoted, producer_user):
    login(buyer)
    post_form(client, f"/inquiries/{quoted.inquiry_id}", f"/inquiries/quotes/{quoted.id}/accept", {})
    mail = outbox.last()
    assert mail["To"] == producer_user.email
    assert mail["Subject"] == "Báo giá của bạn cho Giỏ mây đan đã được chấp nhận"


def test_a_producer_without_an_account_is_invited_at_its_profile_address(db, outbox, buyer):
    orphan = factories.producer(name="Hộ ông Ba", commit=True)
    product = factories.product(orphan, name="Chiếu cói", code="CC", commit=True)
    services.start_inquiry(buyer, orphan, product, {"message": "Báo giá chiếu cói"})
    db.session.commit()

    mail = outbox.last()
    assert mail["To"] == orphan.email
    assert "/account/register" in _text(mail) and orphan.email in _text(mail)


def test_digest_readers_get_one_summary_a_day_and_nothing_at_once(app, db, outbox, buyer, thread, producer_user):
    services.set_daily_digest(producer_user, True)
    db.session.commit()
    services.post_message(thread, buyer, BUYER, "Tin thứ hai")
    services.post_message(thread, buyer, BUYER, "Tin thứ ba")
    db.session.commit()
    assert outbox.messages() == []

    result = app.test_cli_runner().invoke(args=["inquiries", "send-digests"])

    assert result.exit_code == 0, result.output
    assert "sent 1 digests" in result.output
    [digest] = outbox.messages()
    assert digest["To"] == producer_user.email
    assert digest["Subject"] == "Tóm tắt trong ngày: 2 cập nhật"
    assert _text(digest).count(f"/inquiries/{thread.id}") == 2
    pending = db.session.execute(select(Notice).where(Notice.mailed_at.is_(None))).all()
    assert pending == []
    assert app.test_cli_runner().invoke(args=["inquiries", "send-digests"]).output.endswith("sent 0 digests.\n")


def test_the_settings_page_switches_to_the_digest(db, client, login, producer_user):
    login(producer_user)
    response = post_form(client, "/inquiries/settings", "/inquiries/settings", {"daily_digest": "y"})
    assert response.status_code == 302
    assert notifications.wants_digest(producer_user)


def test_a_reported_thread_no_longer_mails_the_producer(db, outbox, thread, producer_user):
    spam.report_spam(thread, producer_user)
    services.post_message(thread, thread.buyer, BUYER, "Mua đi mua đi")
    db.session.commit()
    assert outbox.messages() == []


def test_nothing_is_mailed_for_work_that_was_rolled_back(db, outbox, thread, producer_user):
    services.post_message(thread, producer_user, PRODUCER, "Sẽ bị huỷ")
    db.session.rollback()
    db.session.commit()  # the next unit of work's commit does not send it either
    assert outbox.messages() == []
