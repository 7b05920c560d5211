"""Spam reports cannot be used as a weapon: only a thread the buyer started can be reported, producers
sharing an account count as one reporter, and reaching the limit puts the buyer before staff, whose
decision alone blocks (issue 13, item 2)."""

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.inquiries import board, services, spam
from marketplace.inquiries.models import BLOCKED, DISMISSED, PENDING, Inquiry, SpamReview
from tests import factories
from tests.conftest import post_form

SOON = date.today() + timedelta(days=10)


def _request(buyer):
    return board.post_request(
        buyer, {"title": "Cần 1.000 giỏ mây", "group_number": 1, "quantity": 1000, "unit": "chiếc", "deadline": SOON}
    )


def _quote():
    return {"unit_price_vnd": 90_000, "valid_until": date.today() + timedelta(days=30)}


def _independent_producers(db, make_user, count):
    """`count` producers, each run by its own account, each with a published product."""
    made = []
    for n in range(count):
        account = make_user("producer")
        producer = factories.producer(created_by=account, name=f"Cơ sở số {n}", commit=True)
        made.append((account, producer, factories.product(producer, name=f"Hàng {n}", code=f"H{n}", commit=True)))
    return made


def _send(client, product):
    page = f"/inquiries/new?product_id={product.id}"
    return post_form(
        client, page, page, {"message": "Xin báo giá.", "quantity": "5", "unit": "chiếc", "contact_preference": "site"}
    )


def test_a_producer_cannot_report_a_thread_it_opened_by_answering_a_buying_request(db, client, login, buyer, make_user):
    """The attack: one account, several profiles, each answers the buyer's request, then reports it."""
    account = make_user("producer")
    profiles = [factories.producer(created_by=account, name=f"Hồ sơ {n}", commit=True) for n in range(3)]
    wanted = _request(buyer)
    threads = [board.answer_request(wanted, profile, account, _quote()) for profile in profiles]
    db.session.commit()
    login(account)

    answers = [post_form(client, f"/inquiries/{t.id}", f"/inquiries/{t.id}/report", {}) for t in threads]

    assert [a.status_code for a in answers] == [403, 403, 403]
    assert "/report" not in client.get(f"/inquiries/{threads[0].id}").get_data(as_text=True)
    assert db.session.scalars(select(Inquiry.id).where(Inquiry.spam_reported_at.is_not(None))).all() == []
    assert spam.pending_review(buyer) is None and not spam.is_blocked(buyer)
    _request(buyer)  # the buyer still posts requests


def test_profiles_of_one_account_count_as_one_reporter(db, client, login, buyer, make_user):
    account = make_user("producer")
    profiles = [factories.producer(created_by=account, name=f"Hồ sơ {n}", commit=True) for n in range(3)]
    products = [factories.product(p, name=f"Hàng {n}", code=f"K{n}", commit=True) for n, p in enumerate(profiles)]
    threads = [
        services.start_inquiry(buyer, p, item, {"message": "Chào"}) for p, item in zip(profiles, products, strict=True)
    ]
    db.session.commit()
    login(account)

    for thread in threads:
        assert post_form(client, "/inquiries", f"/inquiries/{thread.id}/report", {}).status_code == 302

    assert spam.independent_reporters(buyer) == 1
    assert spam.pending_review(buyer) is None
    login(buyer)
    assert _send(client, products[0]).status_code == 302  # not blocked


def test_members_shared_between_profiles_join_them_into_one_reporter(db, buyer, make_user):
    """Two accounts, but both act for both profiles: still one voice."""
    (first, p1, item1), (second, p2, item2) = _independent_producers(db, make_user, 2)
    from marketplace.producers import services as producers

    producers.add_member(p1, second)
    db.session.commit()
    spam.report_spam(services.start_inquiry(buyer, p1, item1, {"message": "a"}), first)
    spam.report_spam(services.start_inquiry(buyer, p2, item2, {"message": "b"}), second)

    assert spam.independent_reporters(buyer) == 1


def test_independent_reporters_put_the_buyer_in_review_and_only_staff_block(db, client, login, buyer, make_user):
    makers = _independent_producers(db, make_user, spam.SPAM_LIMIT)
    for account, producer, product in makers:
        spam.report_spam(services.start_inquiry(buyer, producer, product, {"message": "Quảng cáo"}), account)
    db.session.commit()

    review = spam.pending_review(buyer)
    assert review is not None and review.reporters == spam.SPAM_LIMIT
    login(buyer)
    assert _send(client, makers[0][2]).status_code == 302  # waiting for staff is not a block

    organiser = make_user("organiser")
    login(organiser)
    queue = client.get("/inquiries/reported").get_data(as_text=True)
    assert buyer.email in queue and f"/inquiries/spam-reviews/{review.id}/block" in queue
    decided = post_form(client, "/inquiries/reported", f"/inquiries/spam-reviews/{review.id}/block", {})
    assert decided.status_code == 302
    db.session.refresh(review)
    assert review.status == BLOCKED and review.decided_by_id == organiser.id

    login(buyer)
    refused = _send(client, makers[1][2])
    assert refused.status_code == 403
    assert (
        post_form(
            client,
            "/requests/new",
            "/requests/new",
            {"title": "Cần mua", "group_number": "1", "quantity": "5", "unit": "chiếc", "deadline": SOON.isoformat()},
        ).status_code
        == 403
    )


def test_dismissed_reports_stop_counting(db, client, login, buyer, make_user):
    makers = _independent_producers(db, make_user, spam.SPAM_LIMIT)
    for account, producer, product in makers:
        spam.report_spam(services.start_inquiry(buyer, producer, product, {"message": "Chào"}), account)
    db.session.commit()
    review = spam.pending_review(buyer)
    login(make_user("admin"))

    decided = post_form(client, "/inquiries/reported", f"/inquiries/spam-reviews/{review.id}/dismiss", {})

    assert decided.status_code == 302
    db.session.refresh(review)
    assert review.status == DISMISSED and not spam.is_blocked(buyer)
    assert spam.independent_reporters(buyer) == 0
    assert db.session.scalars(select(SpamReview).where(SpamReview.status == PENDING)).all() == []
    # A decided review cannot be decided again.
    again = post_form(client, "/inquiries/reported", f"/inquiries/spam-reviews/{review.id}/block", {})
    assert again.status_code == 404


def test_only_staff_decide_a_review(db, client, login, buyer, make_user):
    makers = _independent_producers(db, make_user, spam.SPAM_LIMIT)
    for account, producer, product in makers:
        spam.report_spam(services.start_inquiry(buyer, producer, product, {"message": "Chào"}), account)
    db.session.commit()
    review = spam.pending_review(buyer)
    login(makers[0][0])

    answer = post_form(client, "/inquiries", f"/inquiries/spam-reviews/{review.id}/block", {})

    assert answer.status_code == 403
    assert not spam.is_blocked(buyer)
