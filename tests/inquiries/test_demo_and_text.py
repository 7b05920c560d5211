"""The demo step (idempotent, silent without products) and the message formatter."""

from sqlalchemy import func, select

from marketplace.accounts.services import create_account
from marketplace.core.demo import DEMO_PASSWORD
from marketplace.inquiries.demo import demo_inquiries
from marketplace.inquiries.models import BuyingRequest, Inquiry, Quote
from marketplace.inquiries.text import message_html


def _count(db, model):
    return db.session.execute(select(func.count(model.id))).scalar_one()


def test_the_demo_step_does_nothing_without_published_products(db):
    create_account("buyer@demo.cnnt.vn", DEMO_PASSWORD, "Sen Việt", "buyer", verified=True)
    lines = []
    demo_inquiries(lines.append)
    assert _count(db, Inquiry) == 0 and _count(db, BuyingRequest) == 0
    assert "skipped" in lines[0]


def test_the_demo_step_creates_threads_and_a_request_once(db, product, outbox):
    create_account("buyer@demo.cnnt.vn", DEMO_PASSWORD, "Sen Việt", "buyer", verified=True)
    demo_inquiries(lambda line: None)
    first = (_count(db, Inquiry), _count(db, Quote), _count(db, BuyingRequest))
    demo_inquiries(lambda line: None)

    assert first == (1, 1, 1)  # one product: one thread (quoted), one open request
    assert (_count(db, Inquiry), _count(db, Quote), _count(db, BuyingRequest)) == first
    assert outbox.messages() == []


def test_message_html_links_addresses_and_escapes_the_rest():
    html = str(message_html('Giá ở https://a.vn/x?y=1&z=2, hoặc <b onclick="x()">đây</b>\nhết'))
    assert html == (
        'Giá ở <a href="https://a.vn/x?y=1&amp;z=2" rel="nofollow noopener noreferrer ugc">'
        'https://a.vn/x?y=1&amp;z=2</a>, hoặc &lt;b onclick="x()"&gt;đây&lt;/b&gt;<br>hết'
    )
