"""Mail that a request used to send itself, handed to the job queue when REDIS_URL is set: the rest
of a call for exhibitors after the first inline batch, and a buying request's notices to the
matching producers (the digest readers still wait for their digest)."""

from datetime import date, timedelta

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.fairs.announcements import services as announcements
from marketplace.fairs.announcements.models import CallDelivery, CallSubscription
from marketplace.inquiries.models import BuyingRequest, Notice, NotificationSetting
from marketplace.jobs.cli import counts
from tests import factories
from tests.conftest import csrf_token_from
from tests.jobs.conftest import client_for, committed_user, run_burst


def test_a_call_mails_its_first_batch_in_the_request_and_a_worker_mails_the_rest(
    jobs_app, queue, outbox_of, monkeypatch
):
    organiser = committed_user(jobs_app, "organiser")
    subscribers = [committed_user(jobs_app, "producer") for _ in range(3)]
    with jobs_app.app_context():
        for user in subscribers:
            db.session.add(CallSubscription(user_id=user.id, active=True, provinces=[], groups=[]))
        call = announcements.save_announcement(
            {"kind": "call", "title": "Hội chợ làng nghề: mở đăng ký", "body": "Đăng ký trước 30/6."},
            db.session.get(User, organiser.id),
        )
        db.session.commit()
        call_id = call.id
    monkeypatch.setitem(jobs_app.config, "FAIRS_CALL_MAIL_INLINE", 1)
    staff = client_for(jobs_app, organiser)
    token = csrf_token_from(staff.get("/fairs/manage/announcements/").get_data(as_text=True))

    page = staff.post(
        f"/fairs/manage/announcements/{call_id}/publish", data={"csrf_token": token}, follow_redirects=True
    ).get_data(as_text=True)

    assert "emailed to 1 producer(s)" in page and "2 more will be emailed in the next few minutes." in page
    assert len(outbox_of()) == 1 and counts(queue)["queued"] == 1

    assert "1 done" in run_burst(jobs_app, queue)

    assert sorted(to for to, _subject in outbox_of()) == sorted(user.email for user in subscribers)
    with jobs_app.app_context():
        mailed = db.session.scalars(select(CallDelivery.user_id).where(CallDelivery.announcement_id == call_id))
        assert sorted(mailed) == sorted(user.id for user in subscribers)


def test_a_buying_request_leaves_its_notices_to_workers_and_the_digest_readers_to_their_digest(
    jobs_app, queue, outbox_of
):
    buyer = committed_user(jobs_app, "buyer")
    instant, digest = committed_user(jobs_app, "producer"), committed_user(jobs_app, "producer")
    with jobs_app.app_context():
        for n, account in enumerate((instant, digest), start=900):
            producer = factories.producer(
                created_by=db.session.get(User, account.id), name=f"HTX Mây tre {n}", commit=True
            )
            factories.product(producer, name=f"Giỏ mây {n}", group_number=1, commit=True)
        db.session.add(NotificationSetting(user_id=digest.id, daily_digest=True))
        db.session.commit()
    client = client_for(jobs_app, buyer)
    token = csrf_token_from(client.get("/requests/new").get_data(as_text=True))

    response = client.post(
        "/requests/new",
        data={
            "csrf_token": token,
            "title": "Cần 500 giỏ mây xuất khẩu",
            "group_number": "1",
            "quantity": "500",
            "unit": "chiếc",
            "export_market": "Nhật Bản",
            "deadline": (date.today() + timedelta(days=10)).isoformat(),
        },
    )

    assert response.status_code == 302
    assert outbox_of() == [] and counts(queue)["queued"] == 1  # the digest reader's notice has no job

    assert "1 done" in run_burst(jobs_app, queue)

    assert outbox_of() == [(instant.email, "A buyer is looking for: Cần 500 giỏ mây xuất khẩu")]
    with jobs_app.app_context():
        posted = db.session.scalar(select(BuyingRequest).where(BuyingRequest.title == "Cần 500 giỏ mây xuất khẩu"))
        mailed = dict(
            db.session.execute(select(Notice.user_id, Notice.mailed_at).where(Notice.request_id == posted.id)).all()
        )
        assert mailed[instant.id] is not None and mailed[digest.id] is None
