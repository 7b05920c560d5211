"""Access rules of partner inquiries: threads between a buyer and a producer, quotes, the buying-request
board, the centre's dashboard; and the inquiry API."""

from datetime import date, timedelta

from marketplace.accounts.models import User
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.inquiries import board, services
from marketplace.inquiries.models import BUYER, PENDING, SpamReview
from tests.hardening.access_rules import (
    NOBODY,
    PUBLIC,
    SIGNED_IN,
    STAFF,
    access,
    roles,
    world_builder,
)

PARTIES = roles("buyer", "producer")  # the buyer who wrote and the account acting for the producer


@world_builder(order=40)
def inquiries(world) -> None:
    """The buyer's inquiry about the owner's product (with a message and an open quote), and the
    buyer's open buying request."""
    buyer, owner = world.users["buyer"], world.users["producer"]
    world.inquiry = services.start_inquiry(
        buyer, world.producer, world.product, {"message": "Xin báo giá 100 chiếc.", "quantity": 100, "unit": "chiếc"}
    )
    world.inquiry_message = services.post_message(world.inquiry, buyer, BUYER, "Cần giao trước Tết.")
    world.quote = services.send_quote(
        world.inquiry,
        owner,
        {
            "unit_price_vnd": 90_000,
            "unit": "chiếc",
            "min_quantity": 50,
            "lead_time_days": 14,
            "valid_until": date.today() + timedelta(days=30),
        },
    )
    world.buying_request = board.post_request(
        buyer,
        {
            "title": "Cần mua giỏ mây",
            "group_number": 1,
            "quantity": 200,
            "unit": "chiếc",
            "deadline": date.today() + timedelta(days=30),
        },
    )
    # A buyer other producers reported, waiting for staff in the spam review queue.
    reported = User(
        email="reported-buyer@sweep.example.vn",
        display_name="Reported buyer",
        password_hash="x",
        role="buyer",
        locale="vi",
        email_verified_at=utcnow(),
    )
    db.session.add(reported)
    world.spam_review = SpamReview(buyer=reported, status=PENDING, reporters=3)
    db.session.add(world.spam_review)
    db.session.flush()


def _inquiry(w) -> dict:
    return {"inquiry_id": w.inquiry.id}


def _request(w) -> dict:
    return {"request_id": w.buying_request.id}


RULES = [
    # Signed out, the form keeps a draft and sends the visitor to sign in; signed in, buyers only.
    access(
        "inquiries.new",
        PUBLIC - {"producer", "other_producer", "juror", "organiser", "admin"},
        args=lambda w: {"product_id": w.product.id},
    ),
    access("inquiries.draft_saved", PUBLIC),
    access("inquiries.inbox", SIGNED_IN - {"juror"}),  # staff are sent on to the dashboard; jurors have none
    access("inquiries.thread", PARTIES, args=_inquiry),
    access("inquiries.post_message", PARTIES, args=_inquiry),
    # The sweep's message carries no file, so the parties get 404 too: refusals only.
    access(
        "inquiries.attachment",
        PARTIES,
        exists=False,
        args=lambda w: {"inquiry_id": w.inquiry.id, "message_id": w.inquiry_message.id},
    ),
    access("inquiries.send_quote", roles("producer"), args=_inquiry),
    access("inquiries.decide_quote", roles("buyer"), args=lambda w: {"quote_id": w.quote.id, "decision": "decline"}),
    access("inquiries.close", PARTIES, args=_inquiry),
    access("inquiries.report", roles("producer"), args=_inquiry),
    access("inquiries.settings", SIGNED_IN),
    access("inquiries.dashboard", STAFF),
    access("inquiries.reported", STAFF),
    access("inquiries.dismiss_report", NOBODY, args=_inquiry),  # only a reported thread; this one is not
    access(
        "inquiries.decide_spam_review", STAFF, args=lambda w: {"review_id": w.spam_review.id, "decision": "dismiss"}
    ),
    access("inquiries.requests", PUBLIC),
    access("inquiries.request_detail", PUBLIC, args=_request),
    access("inquiries.my_requests", SIGNED_IN),
    access("inquiries.new_request", roles("buyer")),
    access("inquiries.answer_request", roles("producer", "other_producer"), args=_request),
    access("inquiries.close_request", roles("buyer"), args=_request),
    access("inquiries.moderate_request", STAFF, args=lambda w: {"request_id": w.buying_request.id, "action": "hide"}),
    access("api.api_create_inquiry", roles("buyer"), args=lambda w: {"product_id": w.product.id}),
    access("api.api_list_inquiries", SIGNED_IN),
    access("api.api_get_inquiry", PARTIES, args=_inquiry),
    access("api.api_post_message", PARTIES, args=_inquiry),
    access("api.api_send_quote", roles("producer"), args=_inquiry),
    access("api.api_decide_quote", roles("buyer"), args=lambda w: {"quote_id": w.quote.id}),
    access("api.api_list_requests", PUBLIC),
    access("api.api_get_request", PUBLIC, args=_request),
    access("api.api_post_request", roles("buyer")),
    access("api.api_answer_request", roles("producer", "other_producer"), args=_request),
]
