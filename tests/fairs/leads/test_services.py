"""Lead rules, called directly: scanning window, genuine codes only, one lead and one thread per buyer
and booth, the note and stars kept out of the thread, withdrawal without personal data."""

from datetime import timedelta

import pytest

from marketplace.extensions import db
from marketplace.fairs.leads import queries, services
from marketplace.fairs.leads.models import Lead
from marketplace.fairs.onsite.codes import EXHIBITOR, VISITOR, badge_code
from marketplace.inquiries import services as inquiries
from marketplace.inquiries.models import CLOSED, NEW, PRODUCER, Inquiry, Notice
from tests import factories


def _scan(w, code=None, products=(0, 1), note="Muốn 500 bình, gọi lại tuần sau", rating=4, staff=None, **kw):
    return services.record_lead(
        w["fair"],
        w["coop"],
        staff or w["staff"],
        w["code"] if code is None else code,
        [w["products"][i].id for i in products],
        note,
        rating,
        **kw,
    )


def test_a_scan_records_the_lead_and_opens_a_thread_about_those_products_from_the_fair(booth_world):
    w = booth_world
    lead = _scan(w)
    db.session.commit()
    assert (lead.buyer, lead.producer, lead.fair, lead.scanned_by) == (w["buyer"], w["coop"], w["fair"], w["staff"])
    assert lead.products == w["products"][:2] and lead.rating == 4 and lead.scans == 1
    thread = lead.inquiry
    assert thread.buyer == w["buyer"] and thread.producer == w["coop"] and thread.started_by == PRODUCER
    assert thread.origin_fair_id == w["fair"].id
    assert thread.products == w["products"][:2] and thread.product == w["products"][0]
    [message] = thread.messages
    assert message.side == PRODUCER and message.author == w["staff"]
    # In the buyer's language (English here), naming the fair and the products, never the note or stars.
    assert message.body.startswith("Thank you for visiting our booth at Hội chợ CNNT thử nghiệm.")
    assert "Bình gốm, Ấm chén" in message.body
    assert "500 bình" not in message.body and "4" not in message.body
    assert db.session.query(Notice).filter_by(user_id=w["buyer"].id, inquiry_id=thread.id).count() == 1
    assert queries.counts(w["fair"]).threads == 1


def test_the_greeting_is_in_vietnamese_for_a_vietnamese_buyer(booth_world):
    w = booth_world
    w["buyer"].locale = "vi"
    lead = _scan(w, products=(1,))
    assert lead.inquiry.messages[0].body.startswith("Cảm ơn")


def test_scanning_the_same_buyer_again_continues_the_lead_and_its_thread(booth_world):
    w = booth_world
    first = _scan(w, products=(0,), note="Thích men lam", rating=3)
    db.session.commit()
    again = _scan(w, products=(0, 2), note="Quay lại lần hai", rating=None, staff=w["second"])
    db.session.commit()
    assert again.id == first.id and again.scans == 2 and again.inquiry_id == first.inquiry_id
    assert again.products == [w["products"][0], w["products"][2]]
    assert again.note == "Thích men lam\nQuay lại lần hai" and again.rating == 3  # no stars given: kept
    assert db.session.query(Lead).count() == 1 and db.session.query(Inquiry).count() == 1
    bodies = [m.body for m in again.inquiry.messages]
    assert len(bodies) == 2 and bodies[1].startswith("We met again at") and w["products"][2].name in bodies[1]
    _scan(w, products=(0,), note=None, rating=None)  # nothing new: no third message
    assert len(again.inquiry.messages) == 2


def test_a_closed_thread_is_not_reopened_a_new_one_from_the_fair_is_started(booth_world):
    w = booth_world
    lead = _scan(w)
    old = lead.inquiry
    inquiries.close_thread(old, "lost")
    db.session.commit()
    _scan(w, products=(1,))
    assert lead.inquiry_id != old.id and lead.inquiry.status != CLOSED and lead.inquiry.origin_fair_id == w["fair"].id
    assert lead.scans == 2


@pytest.mark.parametrize(
    "code",
    [
        "CNNT-V-999999-AAAAAAAA",  # a made-up signature
        "CNNT-V-1-",
        "hello",
        "",
    ],
)
def test_a_forged_or_malformed_code_is_refused_on_the_code_field(booth_world, code):
    with pytest.raises(services.LeadError) as refused:
        _scan(booth_world, code=code)
    assert refused.value.field == "code" and refused.value.status == 422
    assert db.session.query(Lead).count() == 0 and db.session.query(Inquiry).count() == 0


def test_a_genuine_code_that_names_no_buyer_is_refused_the_same_way(booth_world, make_user):
    w = booth_world
    for code in (
        badge_code(EXHIBITOR, w["buyer"].id),
        badge_code(VISITOR, 987654),
        badge_code(VISITOR, w["second"].id),
    ):  # an exhibitor badge, nobody, a producer account
        with pytest.raises(services.LeadError) as refused:
            _scan(w, code=code)
        assert str(refused.value) == str(services.BAD_CODE)
    w["buyer"].is_active = False
    with pytest.raises(services.LeadError):
        _scan(w)


def test_only_the_producers_own_published_products_may_be_picked(booth_world):
    w = booth_world
    from marketplace.catalogue import services as catalogue

    _user, other = factories.producer_account(commit=True)
    foreign = catalogue.create_product(other, {"code": "X-1", "name": "Của người khác", "group_number": 1})
    catalogue.publish_product(foreign)
    for wrong in (w["draft"].id, foreign.id, 10**9):
        with pytest.raises(services.LeadError) as refused:
            services.record_lead(w["fair"], w["coop"], w["staff"], w["code"], [wrong])
        assert refused.value.field == "products"


def test_stars_run_from_one_to_five_and_the_note_has_a_limit(booth_world):
    w = booth_world
    for bad in (0, 6):
        with pytest.raises(services.LeadError):
            _scan(w, rating=bad)
    with pytest.raises(services.LeadError):
        _scan(w, note="x" * (services.MAX_NOTE + 1))


def test_scanning_is_open_from_the_day_before_the_fair_to_the_day_after(booth_world):
    fair = booth_world["fair"]
    assert services.scanning_open(fair, fair.starts_on - timedelta(days=1))
    assert services.scanning_open(fair, fair.ends_on + timedelta(days=1))
    assert not services.scanning_open(fair, fair.starts_on - timedelta(days=2))
    assert not services.scanning_open(fair, fair.ends_on + timedelta(days=2))
    with pytest.raises(services.LeadError) as refused:
        _scan(booth_world, today=fair.ends_on + timedelta(days=2))
    assert refused.value.status == 409


def test_withdrawing_keeps_a_nameless_lead_and_leaves_the_thread_to_the_buyer(booth_world):
    w = booth_world
    lead = _scan(w)
    thread_id = lead.inquiry_id
    db.session.commit()
    services.withdraw_lead(lead, w["buyer"])
    db.session.commit()
    assert lead.is_withdrawn and lead.buyer_id is None and lead.note is None and lead.inquiry_id is None
    assert lead.products == w["products"][:2] and lead.rating == 4  # what remains counts, names nobody
    assert queries.shared_by(w["buyer"]) == []
    assert queries.counts(w["fair"]).withdrawn == 1
    thread = db.session.get(Inquiry, thread_id)
    assert thread.status != CLOSED and thread.buyer_id == w["buyer"].id  # the buyer closes it if they wish
    inquiries.close_thread(thread, "no_reply")
    # A new scan is a new showing of the badge: a new lead, the withdrawn one stays nameless.
    fresh = _scan(w, products=(2,))
    assert fresh.id != lead.id and db.session.query(Lead).count() == 2


def test_only_the_buyer_named_may_withdraw(booth_world, make_user):
    w = booth_world
    lead = _scan(w)
    with pytest.raises(services.LeadError) as refused:
        services.withdraw_lead(lead, make_user("buyer"))
    assert refused.value.status == 404 and lead.buyer_id == w["buyer"].id


def test_a_new_thread_starts_as_new_before_the_greeting(booth_world):
    """The thread is the exhibitor's: its greeting is a producer message, so the buyer's side shows it unread."""
    w = booth_world
    lead = _scan(w)
    assert lead.inquiry.status != NEW and lead.inquiry.unread_for("buyer")
