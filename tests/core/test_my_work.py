"""'My work' gathers what waits for each role, with the way to it: counts read from the data, links
that lead to the role's pages (home → My work → the page: two clicks), and nothing for strangers."""

import re

import pytest
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.awards.models import SHEET_SUBMITTED, ScoreSheet
from marketplace.core.demo import seed_demo
from marketplace.fairs.models import APPLIED, PENDING_PAYMENT, REQUESTED, Booking
from marketplace.producers.models import ProducerMember


@pytest.fixture
def demo(db):
    seed_demo()
    db.session.commit()
    return db


def demo_user(db, role: str) -> User:
    return db.session.scalar(select(User).where(User.email == f"{role}@demo.cnnt.vn"))


def page_as(client, login, user) -> str:
    login(user)
    response = client.get("/my-work")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def item(html: str, href: str) -> str:
    """The list item that links to `href` (its label, count and detail), or '' when absent."""
    match = re.search(r'<li class="work-item[^"]*">\s*<a href="' + re.escape(href) + r'".*?</li>', html, re.S)
    return match.group(0) if match else ""


def badge(fragment: str) -> int | None:
    match = re.search(r'class="count-badge[^"]*">(\d+)<', fragment)
    return int(match.group(1)) if match else None


def test_signed_out_visitors_are_sent_to_log_in(client, db):
    response = client.get("/my-work")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_every_page_links_my_work_in_the_header_once_signed_in(client, login, demo):
    login(demo_user(demo, "producer"))
    for path in ("/", "/products", "/fairs/", "/awards/"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="/my-work"' in html, path


def test_organiser_sees_each_fair_with_the_bookings_to_approve(client, login, demo):
    waiting = demo.session.scalar(select(func.count(Booking.id)).where(Booking.status.in_((APPLIED, REQUESTED))))
    html = page_as(client, login, demo_user(demo, "organiser"))
    fair_item = next(
        part for part in re.findall(r'<li class="work-item[^"]*">.*?</li>', html, re.S) if "/fairs/manage/" in part
    )
    assert badge(fair_item) == waiting
    for href in ("/payments/manage", "/awards/manage/", "/manage/imports"):
        assert href in html, href


def test_a_new_application_raises_the_organisers_count(client, login, demo):
    organiser = demo_user(demo, "organiser")
    before = badge(item(page_as(client, login, organiser), _desk_href(demo)))
    booking = demo.session.scalar(select(Booking).where(Booking.status == PENDING_PAYMENT))
    booking.status, booking.expires_at = APPLIED, None
    demo.session.commit()
    after = badge(item(client.get("/my-work").get_data(as_text=True), _desk_href(demo)))
    assert after == before + 1


def _desk_href(db) -> str:
    fair_id = db.session.scalar(select(Booking.fair_id).limit(1))
    return f"/fairs/manage/{fair_id}/bookings?status=applied"


def test_producer_is_told_what_to_pay_how_much_and_where(client, login, make_user, demo):
    booking = demo.session.scalar(select(Booking).where(Booking.status == PENDING_PAYMENT))
    assert booking is not None, "the demo holds a booking awaiting payment"
    owner = make_user("producer")
    demo.session.add(ProducerMember(producer_id=booking.producer_id, user_id=owner.id))
    demo.session.commit()

    html = page_as(client, login, owner)

    fragment = item(html, f"/fairs/bookings/{booking.id}")
    assert badge(fragment) == 1
    amount = f"{booking.amount_due_vnd:,}".replace(",", ".") + " ₫"
    assert amount in fragment
    assert "/fairs/mine" in html  # all bookings, one click on


def test_juror_sees_the_sheets_left_to_score(client, login, demo):
    juror = demo_user(demo, "juror")
    sheets = list(demo.session.scalars(select(ScoreSheet).where(ScoreSheet.juror_id == juror.id)))
    left = sum(1 for sheet in sheets if sheet.status != SHEET_SUBMITTED)
    html = page_as(client, login, juror)
    assert badge(item(html, "/awards/jury/")) == left


def test_buyer_sees_conversations_quotes_and_requests(client, login, demo):
    html = page_as(client, login, demo_user(demo, "buyer"))
    assert item(html, "/inquiries")
    assert item(html, "/requests/mine")


def test_admin_finds_accounts_and_the_audit_log(client, login, demo):
    html = page_as(client, login, demo_user(demo, "admin"))
    assert item(html, "/admin/users") and item(html, "/admin/audit")


def test_a_role_sees_nothing_of_anothers_work(client, login, demo):
    html = page_as(client, login, demo_user(demo, "buyer"))
    assert "/fairs/manage/" not in html and "/payments/manage" not in html and "/awards/jury/" not in html
