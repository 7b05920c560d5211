"""The digest of saved searches: each due search is mailed its new products once (never again on
the next run), a product published later comes in the next mail, weekly searches only weekly, in
the recipient's language with absolute links and an unsubscribe link; the mail leaves only with the
commit of the run (`flask searches digest`, or the job `searches.digest`)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.core.models import utcnow
from marketplace.core.unitofwork import unit_of_work
from marketplace.jobs.registry import handler_for
from marketplace.search.saved import services
from marketplace.search.saved.digest import send_digests
from marketplace.search.saved.models import SavedSearchDelivery
from tests import factories
from tests.conftest import csrf_token_from

DAY = timedelta(days=1)


def body(mail) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def buyer(make_user):
    return make_user("buyer", name="Chị Lan")


@pytest.fixture
def saved(db, buyer):
    """Honey from Cà Mau, mailed daily, saved two days ago."""
    search, _ = services.save_search(buyer, "mật ong", {"province": "96"}, "daily")
    search.created_at = utcnow() - 2 * DAY
    db.session.commit()
    return search


def publish(name: str, province: str = "96", when=None, name_en=None):
    product = factories.product(
        factories.producer(province_code=province, commit=False), name=name, name_en=name_en, commit=False
    )
    product.published_at = when or utcnow() - DAY
    from marketplace.extensions import db

    db.session.commit()
    return product


def run(now):
    with unit_of_work():
        return send_digests(now)


def test_a_new_product_is_mailed_once_and_a_newer_one_next_time(db, outbox, buyer, saved):
    first = publish("Mật ong rừng U Minh")
    publish("Mật ong Hà Nội", province="01")  # another province
    publish("Tôm khô Cà Mau")  # not the words

    summary = run(utcnow())

    [mail] = outbox.messages()
    assert summary.mailed == 1 and summary.products == 1
    assert mail["To"] == buyer.email and mail["Subject"] == "1 sản phẩm mới: “mật ong” · Cà Mau"
    text = body(mail)
    assert "Mật ong rừng U Minh" in text and "Mật ong Hà Nội" not in text and "Tôm khô" not in text
    assert f"http://localhost/products/{first.id}/" in text  # absolute links
    assert "http://localhost/account/saved-searches" in text
    assert re.search(r"http://localhost/searches/saved/unsubscribe/\S+", text)

    assert run(utcnow() + DAY).mailed == 0  # the next day: nothing new, nothing mailed again
    assert len(outbox.messages()) == 1

    second = publish("Mật ong hoa tràm", when=utcnow() + DAY)
    assert run(utcnow() + 2 * DAY).mailed == 1
    latest = body(outbox.last())
    assert "Mật ong hoa tràm" in latest and "Mật ong rừng U Minh" not in latest
    mailed = db.session.scalars(
        select(SavedSearchDelivery.product_id).where(SavedSearchDelivery.saved_search_id == saved.id)
    ).all()
    assert sorted(mailed) == sorted([first.id, second.id])


def test_a_daily_search_runs_once_a_day_even_if_the_digest_runs_twice(db, outbox, saved):
    now = utcnow()
    publish("Mật ong bạc hà")
    assert run(now).looked_at == 1
    publish("Mật ong khoái", when=now)
    assert run(now + timedelta(minutes=5)).looked_at == 0  # the same day: not due again
    assert len(outbox.messages()) == 1


def test_weekly_searches_are_mailed_only_weekly(db, outbox, buyer):
    weekly, _ = services.save_search(buyer, "chiếu cói", {}, "weekly")
    weekly.created_at = utcnow() - DAY
    db.session.commit()
    publish("Chiếu cói Kim Sơn", province="37")

    assert run(utcnow()).mailed == 0  # saved yesterday: its first week is not over
    assert run(utcnow() + 5 * DAY).mailed == 0
    assert outbox.messages() == []
    assert run(utcnow() + 6 * DAY).mailed == 1  # seven days after saving
    assert "Chiếu cói Kim Sơn" in body(outbox.last())
    publish("Chiếu cói in hoa", province="37", when=utcnow() + 7 * DAY)
    assert run(utcnow() + 8 * DAY).mailed == 0  # two days after its last digest
    assert run(utcnow() + 13 * DAY).mailed == 1


def test_each_account_reads_the_mail_in_its_own_language(db, outbox, make_user):
    english = make_user("buyer", locale="en")
    search, _ = services.save_search(english, "mật ong", {"province": "96"}, "daily")
    search.created_at = utcnow() - 2 * DAY
    db.session.commit()
    publish("Mật ong rừng", name_en="Wild forest honey")

    run(utcnow())

    mail = outbox.last()
    assert mail["Subject"] == "1 new product: “mật ong” · Cà Mau"
    text = body(mail)
    assert "Wild forest honey" in text and "Stop emails about this search" in text


def test_unconfirmed_and_blocked_accounts_get_nothing(db, outbox, make_user):
    for user in (make_user("buyer", verified=False), make_user("buyer", is_active=False)):
        search, _ = services.save_search(user, "mật ong", {}, "daily")
        search.created_at = utcnow() - 2 * DAY
    db.session.commit()
    publish("Mật ong nhãn")

    assert run(utcnow()).looked_at == 0
    assert outbox.messages() == []


def test_a_run_that_fails_mails_nothing_and_records_nothing(db, outbox, saved):
    publish("Mật ong sú vẹt")

    with pytest.raises(RuntimeError), unit_of_work():
        send_digests(utcnow())
        raise RuntimeError("the run dies before its commit")

    assert outbox.messages() == []
    assert db.session.scalar(select(func.count(SavedSearchDelivery.id))) == 0
    assert run(utcnow()).mailed == 1  # the next run does it all


def test_the_command_and_the_job_run_the_digest(app, db, outbox, saved):
    publish("Mật ong rừng tràm")
    result = app.test_cli_runner().invoke(args=["searches", "digest"])
    assert result.exit_code == 0, result.output
    assert "mailed 1 with 1 new products" in result.output
    assert len(outbox.messages()) == 1
    assert handler_for("searches.digest") is not None and "searches.digest" in app.config["JOBS_SCHEDULE"]


def test_the_mails_unsubscribe_link_stops_that_search(client, db, outbox, buyer, saved):
    publish("Mật ong bạc hà Hà Giang")
    run(utcnow())
    link = re.search(r"http://localhost(/searches/saved/unsubscribe/\S+)", body(outbox.last())).group(1)

    page = client.get(link).get_data(as_text=True)
    assert client.post(link, data={"csrf_token": csrf_token_from(page)}).status_code == 200

    publish("Mật ong cà phê", when=utcnow() + DAY)
    assert run(utcnow() + 2 * DAY).looked_at == 0
    assert len(outbox.messages()) == 1
