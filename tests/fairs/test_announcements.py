"""Announcements through real requests: organisers write and publish news and calls (linked to a fair or
a programme), the home page and an Atom feed list them, and a new call is mailed, once, in each
producer's language, to those who asked for calls of its province or product group; one link unsubscribes."""

import re
import xml.etree.ElementTree as ET  # noqa: S405  (parsing our own feed in a test)

import pytest
from sqlalchemy import select

from marketplace.catalogue.models import Product
from marketplace.fairs.announcements import mailing, services
from marketplace.fairs.announcements.models import Announcement, CallDelivery, CallSubscription
from tests import factories

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")


@pytest.fixture
def subscribers(db):
    """Producers who asked for calls: Hà Nội handicrafts (vi), Hải Phòng food (en), one who said no."""

    def subscribe(user, provinces, groups, active=True):
        db.session.add(CallSubscription(user_id=user.id, active=active, provinces=provinces, groups=groups))

    hanoi, _h = factories.producer_account(province_code="01", commit=True)
    haiphong, _hp = factories.producer_account(province_code="31", commit=True)
    quiet, _q = factories.producer_account(province_code="01", commit=True)
    haiphong.locale = "en"
    subscribe(hanoi, ["01"], [1])
    subscribe(haiphong, ["31"], [2])
    subscribe(quiet, ["01"], [1], active=False)
    db.session.commit()
    return {"hanoi": hanoi, "haiphong": haiphong, "quiet": quiet}


def _publish(db, organiser, **values):
    base = {"kind": "call", "title": "Đăng ký hội chợ CNNT khu vực", "body": "Hạn chót 30/6.\n\nLiên hệ trung tâm."}
    announcement = services.save_announcement({**base, **values}, organiser)
    services.publish_announcement(announcement, organiser)
    db.session.commit()
    return announcement


def test_an_organiser_publishes_a_call_and_it_is_mailed_to_the_matching_subscribers(
    client, login, csrf, db, organiser, subscribers, outbox
):
    fair = factories.fair(organiser, commit=True)
    login(organiser)
    token = csrf("/fairs/manage/announcements/new")
    saved = client.post(
        "/fairs/manage/announcements/new",
        data={
            "csrf_token": token,
            "kind": "call",
            "title": "Hội chợ CNNT Hà Nội: mở đăng ký",
            "body": "Các cơ sở thủ công mỹ nghệ đăng ký trước 30/6.",
            "fair_id": str(fair.id),
            "programme_id": "",
            "province_code": "01",
            "product_group": "1",
        },
    )
    assert saved.status_code == 303
    announcement = db.session.scalar(select(Announcement))
    assert announcement.status == "draft" and outbox.messages() == []

    published = client.post(f"/fairs/manage/announcements/{announcement.id}/publish", data={"csrf_token": token})

    assert published.status_code == 303
    mails = outbox.messages()
    assert [m["To"] for m in mails] == [subscribers["hanoi"].email]  # Hải Phòng food: not this call's audience
    body = mails[0].get_content()
    assert mails[0]["Subject"] == "Lời mời mới: Hội chợ CNNT Hà Nội: mở đăng ký"
    assert f"/fairs/announcements/{announcement.id}" in body
    assert re.search(r"/fairs/announcements/unsubscribe/\S+", body)
    page = client.get(f"/fairs/announcements/{announcement.id}").get_data(as_text=True)
    assert f'href="/fairs/{fair.id}"' in page


def test_a_call_for_everyone_reaches_every_subscriber_in_their_language_once(
    client, login, csrf, db, organiser, subscribers, outbox
):
    call = _publish(db, organiser)
    assert mailing.send_call(call) == (2, 0)
    by_address = {m["To"]: m for m in outbox.messages()}
    assert set(by_address) == {subscribers["hanoi"].email, subscribers["haiphong"].email}
    assert by_address[subscribers["haiphong"].email]["Subject"].startswith("New call:")

    services.unpublish_announcement(call, organiser)
    services.publish_announcement(call, organiser)
    db.session.commit()
    assert mailing.send_call(call) == (0, 0)  # published again: nobody is mailed twice
    assert len(db.session.scalars(select(CallDelivery.id)).all()) == 2


def test_news_is_never_mailed_and_the_cli_finishes_what_publishing_left(
    app, client, login, csrf, db, organiser, subscribers, outbox
):
    news = _publish(db, organiser, kind="news", province_code="01")
    assert mailing.recipients(news) == [] and news.province_code is None  # news is for everyone, untargeted

    declared, app.config["FAIRS_CALL_MAIL_INLINE"] = app.config["FAIRS_CALL_MAIL_INLINE"], 1
    try:
        login(organiser)
        token = csrf("/fairs/manage/announcements/")
        call = services.save_announcement(
            {"kind": "call", "title": "Khóa học marketing", "body": "Miễn phí."}, organiser
        )
        db.session.commit()
        client.post(f"/fairs/manage/announcements/{call.id}/publish", data={"csrf_token": token})
    finally:
        app.config["FAIRS_CALL_MAIL_INLINE"] = declared
    assert len(outbox.messages()) == 1
    db.session.expire_all()  # the command shares this test's session; a real run starts afresh
    result = app.test_cli_runner().invoke(args=["fairs", "mail-calls"])
    assert result.exit_code == 0 and "1 call email(s) sent." in result.output
    assert len(outbox.messages()) == 2


def test_unverified_inactive_and_non_producer_accounts_are_not_mailed(db, organiser, make_user):
    unverified = make_user("producer", verified=False)
    buyer = make_user("buyer")
    closed, _p = factories.producer_account(commit=True)
    closed.is_active = False
    for user in (unverified, buyer, closed):
        db.session.add(CallSubscription(user_id=user.id, active=True, provinces=["01"], groups=[1]))
    db.session.commit()
    assert mailing.recipients(_publish(db, organiser)) == []


def test_the_unsubscribe_link_asks_then_stops_the_mail(client, db, subscribers, organiser, outbox):
    mailing.send_call(_publish(db, organiser, province_code="01"))
    link = re.search(r"http://localhost(/fairs/announcements/unsubscribe/\S+)", outbox.last().get_content()).group(1)

    page = client.get(link)
    assert page.status_code == 200 and subscribers["hanoi"].email in page.get_data(as_text=True)
    assert db.session.get(CallSubscription, subscribers["hanoi"].id).active  # a GET changes nothing
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    assert client.post(link, data={"csrf_token": token}).status_code == 200
    db.session.expire_all()
    assert not db.session.get(CallSubscription, subscribers["hanoi"].id).active
    assert client.get("/fairs/announcements/unsubscribe/forged-token").status_code == 404


def test_a_producer_chooses_the_calls_to_be_mailed_from_their_own_province_and_groups(
    client, login, csrf, db, make_user
):
    user, producer = factories.producer_account(province_code="31", commit=True)
    db.session.add(Product(producer_id=producer.id, code="NM", name="Nước mắm", slug="nm", group_number=2))
    db.session.commit()
    login(user)
    page = client.get("/fairs/announcements/preferences").get_data(as_text=True)
    assert re.search(r'value="31"[^>]*checked|checked[^>]*value="31"', page)  # their province, ready to tick
    token = csrf("/fairs/announcements/preferences")

    saved = client.post(
        "/fairs/announcements/preferences",
        data={"csrf_token": token, "active": "y", "provinces": ["31"], "groups": ["2", "3"]},
    )
    assert saved.status_code == 303
    subscription = db.session.get(CallSubscription, user.id)
    assert (subscription.active, subscription.provinces, subscription.groups) == (True, ["31"], [2, 3])
    refused = client.post(
        "/fairs/announcements/preferences", data={"csrf_token": token, "active": "y", "provinces": ["01"]}
    )  # not their province
    assert refused.status_code == 422

    login(make_user("buyer"))
    assert client.get("/fairs/announcements/preferences").status_code == 403


def test_the_home_page_and_the_list_show_published_announcements_only(client, db, organiser):
    _publish(db, organiser, kind="news", title="Tập huấn marketing cho cơ sở CNNT")
    services.save_announcement({"kind": "news", "title": "Bản nháp bí mật", "body": "x"}, organiser)
    db.session.commit()
    home = client.get("/").get_data(as_text=True)
    assert "Tập huấn marketing cho cơ sở CNNT" in home and "Bản nháp bí mật" not in home
    listing = client.get("/fairs/announcements/").get_data(as_text=True)
    assert "Tập huấn marketing" in listing and "Bản nháp bí mật" not in listing
    draft = db.session.scalar(select(Announcement).where(Announcement.status == "draft"))
    assert client.get(f"/fairs/announcements/{draft.id}").status_code == 404


def test_the_atom_feed_is_valid_atom_and_escapes_what_organisers_type(client, db, organiser):
    _publish(db, organiser, kind="news", title='Hội chợ <b>"Làng nghề"</b> & OCOP\x0b', body="A < B & C")
    response = client.get("/fairs/announcements/feed.atom")

    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.get_data())  # noqa: S314  (our own output): it parses, so it is well-formed
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/fairs/announcements/feed.atom"
    assert RFC3339.match(root.find(f"{ATOM}updated").text)
    entry = root.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == 'Hội chợ <b>"Làng nghề"</b> & OCOP'  # escaped, control char gone
    assert entry.find(f"{ATOM}summary").text == "A < B & C"
    assert entry.find(f"{ATOM}id").text.startswith("http://localhost/fairs/announcements/")
    assert RFC3339.match(entry.find(f"{ATOM}published").text) and RFC3339.match(entry.find(f"{ATOM}updated").text)
    assert b"<b>" not in response.get_data()


def test_only_organisers_manage_announcements(client, login, csrf, db, make_user, organiser):
    draft = services.save_announcement({"kind": "news", "title": "Nháp", "body": "x"}, organiser)
    db.session.commit()
    paths = [
        "/fairs/manage/announcements/",
        "/fairs/manage/announcements/new",
        f"/fairs/manage/announcements/{draft.id}",
    ]
    for path in paths:
        assert client.get(path).status_code == 302
    user, _producer = factories.producer_account(commit=True)
    for account in (user, make_user("buyer")):
        login(account)
        token = csrf("/fairs/")
        for path in paths:
            assert client.get(path).status_code == 403
        assert (
            client.post(f"/fairs/manage/announcements/{draft.id}/publish", data={"csrf_token": token}).status_code
            == 403
        )
    assert db.session.get(Announcement, draft.id).status == "draft"


def test_bad_input_is_refused_with_a_message_not_saved(client, login, csrf, db, organiser):
    login(organiser)
    token = csrf("/fairs/manage/announcements/new")
    response = client.post(
        "/fairs/manage/announcements/new",
        data={
            "csrf_token": token,
            "kind": "call",
            "title": "",
            "body": "x",
            "fair_id": "999999",
            "programme_id": "",
            "province_code": "",
            "product_group": "7",
        },
    )
    assert response.status_code == 422
    assert db.session.scalar(select(Announcement.id)) is None


def test_a_mail_server_failure_publishes_anyway_and_the_command_mails_later(
    app, client, login, csrf, db, organiser, subscribers, outbox
):
    call = services.save_announcement(
        {"kind": "call", "title": "Hội thảo xúc tiến thương mại", "body": "Mời."}, organiser
    )
    db.session.commit()
    login(organiser)
    token = csrf("/fairs/manage/announcements/")
    app.config["MAIL_URL"] = "smtp://127.0.0.1:1"  # nothing listens there: the connection is refused
    try:
        response = client.post(
            f"/fairs/manage/announcements/{call.id}/publish", data={"csrf_token": token}, follow_redirects=True
        )
    finally:
        app.config["MAIL_URL"] = None
    assert response.status_code == 200 and "flask fairs mail-calls" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Announcement, call.id).is_published
    assert db.session.scalars(select(CallDelivery.id)).all() == []

    assert mailing.send_pending_calls() == 2
    assert len(outbox.messages()) == 2


def test_a_call_published_before_someone_subscribed_is_not_new_to_them(db, organiser):
    call = _publish(db, organiser)
    late_user, _producer = factories.producer_account(commit=True)
    db.session.add(CallSubscription(user_id=late_user.id, active=True, provinces=["01"], groups=[1]))
    db.session.commit()
    assert late_user not in mailing.recipients(call)


def test_a_link_to_a_programme_shows_once_the_programme_is_public(client, db, organiser):
    from marketplace.awards import rules as award_rules
    from marketplace.awards import services_programmes as programmes

    programme = programmes.create_programme(
        {
            "name": "Bình chọn sản phẩm CNNT tiêu biểu 2026",
            "year": 2026,
            "level": award_rules.PROVINCE,
            "area": "38",
            "groups": (1,),
        },
        organiser,
    )
    news = _publish(db, organiser, kind="news", programme_id=programme.id)
    link = f'href="/awards/{programme.id}"'
    assert link not in client.get(f"/fairs/announcements/{news.id}").get_data(as_text=True)  # still a draft
    programmes.advance_phase(programme, organiser)
    db.session.commit()
    assert link in client.get(f"/fairs/announcements/{news.id}").get_data(as_text=True)
