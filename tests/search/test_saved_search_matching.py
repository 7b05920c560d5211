"""Which products a saved search mails: those the real search engine finds for its words and
filters (Whoosh, and PostgreSQL's engine when TEST_DATABASE_URL is PostgreSQL), published after it
was saved, never one already mailed for it, and no guesses (no typo corrections, no any-word fallback)."""

from datetime import timedelta
from itertools import count

from marketplace.accounts.models import User
from marketplace.catalogue import services as catalogue
from marketplace.core.models import utcnow
from marketplace.extensions import db
from marketplace.producers import services as producers
from marketplace.search.saved import services
from marketplace.search.saved.digest import new_products
from marketplace.search.saved.models import SavedSearchDelivery

_numbers = count(1)


def account() -> User:
    n = next(_numbers)
    user = User(
        email=f"luu-tim-kiem-{n}-{utcnow().timestamp()}@example.vn",
        display_name=f"Người mua {n}",
        password_hash="x",
        role="buyer",
        locale="vi",
        email_verified_at=utcnow(),
    )
    db.session.add(user)
    db.session.flush()
    return user


def product(name: str, province: str = "01", group: int = 1, publish: bool = True):
    producer = producers.create_producer(
        {"name": f"Cơ sở Lưu Tìm {next(_numbers)}", "establishment_type": "household", "province_code": province}
    )
    made = catalogue.create_product(producer, {"code": f"LT{next(_numbers)}", "name": name, "group_number": group})
    if publish:
        catalogue.publish_product(made)
    return made


def mailable(saved) -> list[str]:
    products, _more = new_products(saved)
    return [p.name for p in products]


def test_a_saved_search_finds_new_products_with_its_words_and_filters_only(live):
    with live.app_context():
        saved, created = services.save_search(account(), "Khèn bè", {"province": "Hà Nội", "group": "1"}, "daily")
        db.session.commit()
        assert created and saved.filters == {"province": "01", "group": 1}
        product("Khèn bè tre Hà Nội")
        product("Khèn bè gỗ Huế", province="46")  # another province
        product("Khèn bè sáo trúc", group=2)  # another group
        product("Khèn bè chưa đăng", publish=False)  # not published
        product("Sáo trúc Hà Nội")  # not the words
        db.session.commit()

        assert mailable(saved) == ["Khèn bè tre Hà Nội"]


def test_accents_and_capitals_do_not_matter_but_every_word_must_match(live):
    with live.app_context():
        plain, _ = services.save_search(account(), "mu CoI la", {}, "daily")
        strict, _ = services.save_search(account(), "mũ cói xyzqw", {}, "daily")  # no product has the last word
        typo, _ = services.save_search(account(), "mũ cóii", {}, "daily")  # one letter off: no guessing
        db.session.commit()
        product("Mũ cói lá Kim Sơn", province="37")
        db.session.commit()

        assert mailable(plain) == ["Mũ cói lá Kim Sơn"]
        assert mailable(strict) == [] and mailable(typo) == []


def test_only_products_published_after_saving_and_not_mailed_before_are_new(live):
    with live.app_context():
        old = product("Đèn lồng giấy dó cũ")
        db.session.commit()
        saved, _ = services.save_search(account(), "đèn lồng giấy dó", {}, "daily")
        db.session.commit()
        mailed, fresh = product("Đèn lồng giấy dó đỏ"), product("Đèn lồng giấy dó vàng")
        db.session.commit()
        db.session.add(SavedSearchDelivery(saved_search_id=saved.id, product_id=mailed.id))
        db.session.commit()

        assert mailable(saved) == [fresh.name]
        assert old.name not in mailable(saved)
        saved.last_digest_at = utcnow() + timedelta(days=3)  # long after: nothing published since
        assert mailable(saved) == []
        db.session.rollback()


def test_the_same_search_saved_twice_is_one_search_with_the_last_frequency(live):
    with live.app_context():
        buyer = account()
        first, created = services.save_search(
            buyer, "  Gốm   men lam ", {"ocop_min": "3", "certification": "HACCP"}, "daily"
        )
        again, created_again = services.save_search(buyer, "gốm men lam", {"ocop_min": 3, "cert": "haccp"}, "weekly")
        db.session.commit()

        assert created and not created_again and again.id == first.id
        assert again.frequency == "weekly" and again.query == "Gốm men lam"
        assert again.filters == {"ocop_min": 3, "cert": "haccp"}
