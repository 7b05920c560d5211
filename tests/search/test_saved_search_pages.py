"""Saved searches over HTTP: saving the search of the results page (any signed-in account, with a
CSRF token), listing and deleting one's own, and the unsubscribe link (GET asks, POST stops)."""

import pytest
from sqlalchemy import func, select

from marketplace.search.saved import services
from marketplace.search.saved.digest import unsubscribe_token
from marketplace.search.saved.models import SavedSearch
from tests.conftest import csrf_token_from
from tests.sql_count import statements


def saved_of(db, user) -> list[SavedSearch]:
    return list(db.session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id)))


@pytest.fixture
def buyer(make_user):
    return make_user("buyer", name="Chị Mai")


def test_the_results_page_offers_to_save_its_search_and_saving_keeps_words_and_filters(client, db, login, buyer):
    login(buyer)
    page = client.get("/products?q=gốm+men&province=01&ocop_min=3&sort=price_asc").get_data(as_text=True)
    assert 'action="/searches/saved"' in page and "Lưu tìm kiếm này" in page
    assert '<input type="hidden" name="province" value="01">' in page
    assert 'name="sort"' not in page.split('action="/searches/saved"')[1].split("</form>")[0]

    response = client.post(
        "/searches/saved",
        data={
            "csrf_token": csrf_token_from(page),
            "q": "gốm men",
            "province": "01",
            "ocop_min": "3",
            "frequency": "weekly",
        },
    )

    assert response.status_code == 303
    assert response.headers["Location"] == "/products?q=g%E1%BB%91m+men&province=01&ocop_min=3"
    [saved] = saved_of(db, buyer)
    assert (saved.query, saved.filters, saved.frequency) == ("gốm men", {"province": "01", "ocop_min": 3}, "weekly")
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu. Chúng tôi sẽ gửi email" in again and "Bạn đang theo dõi tìm kiếm này" in again


def test_the_search_apis_parameter_names_are_understood(client, db, login, csrf, buyer):
    login(buyer)
    token = csrf("/products")
    client.post(
        "/searches/saved",
        data={
            "csrf_token": token,
            "q": "chè",
            "certification": "VietGAP",
            "province": "thai nguyen",
            "frequency": "daily",
        },
    )
    [saved] = saved_of(db, buyer)
    assert saved.filters == {"cert": "vietgap", "province": "19"}


def test_anonymous_visitors_are_asked_to_sign_in_and_cannot_save(client, db):
    page = client.get("/products?q=mây").get_data(as_text=True)
    assert 'href="/account/login?next=/products?q%3D' in page and 'action="/searches/saved"' not in page

    response = client.post("/searches/saved", data={"q": "mây", "frequency": "daily"})
    assert response.status_code in (302, 400)
    assert db.session.scalar(select(func.count(SavedSearch.id))) == 0


def test_saving_needs_the_csrf_token_and_a_known_frequency(client, db, login, csrf, buyer):
    login(buyer)
    assert client.post("/searches/saved", data={"q": "mây", "frequency": "daily"}).status_code == 400
    refused = client.post("/searches/saved", data={"csrf_token": csrf("/products"), "q": "mây", "frequency": "hourly"})
    assert refused.status_code == 422 and "hằng ngày hoặc hằng tuần" in refused.get_data(as_text=True)
    assert saved_of(db, buyer) == []


def test_an_account_keeps_at_most_twenty_searches(client, db, login, csrf, buyer):
    for n in range(services.MAX_PER_ACCOUNT):
        services.save_search(buyer, f"từ khóa {n}", {}, "daily")
    db.session.commit()
    login(buyer)

    refused = client.post(
        "/searches/saved", data={"csrf_token": csrf("/products"), "q": "một nữa", "frequency": "daily"}
    )

    assert refused.status_code == 409 and "xóa bớt" in refused.get_data(as_text=True)
    assert len(saved_of(db, buyer)) == services.MAX_PER_ACCOUNT


def test_the_account_lists_and_deletes_its_own_searches_only(client, db, login, make_user, buyer):
    mine, _ = services.save_search(buyer, "nước mắm", {"province": "91"}, "daily")
    other_user = make_user("buyer", name="Anh Tú")
    theirs, _ = services.save_search(other_user, "chiếu cói", {}, "weekly")
    db.session.commit()
    login(buyer)

    page = client.get("/account/saved-searches").get_data(as_text=True)
    assert "“nước mắm” · An Giang" in page and "chiếu cói" not in page
    assert 'href="/products?q=n%C6%B0%E1%BB%9Bc+m%E1%BA%AFm&amp;province=91&amp;sort=newest"' in page
    assert "/account/saved-searches" in client.get("/account/").get_data(as_text=True)
    token = csrf_token_from(page)

    assert client.post(f"/account/saved-searches/{theirs.id}/delete", data={"csrf_token": token}).status_code == 404
    assert client.post(f"/account/saved-searches/{mine.id}/delete").status_code == 400  # no CSRF token
    assert db.session.get(SavedSearch, theirs.id) is not None and db.session.get(SavedSearch, mine.id) is not None

    response = client.post(f"/account/saved-searches/{mine.id}/delete", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"] == "/account/saved-searches"
    assert saved_of(db, buyer) == [] and db.session.get(SavedSearch, theirs.id) is not None


def test_the_list_needs_a_signed_in_account(client, db):
    response = client.get("/account/saved-searches")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]


def test_the_unsubscribe_link_asks_on_get_and_stops_on_post_without_signing_in(client, db, buyer):
    saved, _ = services.save_search(buyer, "tơ tằm", {}, "daily")
    db.session.commit()
    link = f"/searches/saved/unsubscribe/{unsubscribe_token(saved)}"

    with statements() as seen:
        page = client.get(link)
    assert page.status_code == 200 and "Ngừng gửi email" in page.get_data(as_text=True)
    assert not [s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]  # GET never writes
    assert client.post(link).status_code == 400  # no CSRF token: nothing stops
    assert db.session.get(SavedSearch, saved.id) is not None

    done = client.post(link, data={"csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert done.status_code == 200 and "Đã dừng" in done.get_data(as_text=True)
    assert saved_of(db, buyer) == []
    later = client.get(link)
    assert later.status_code == 200 and "đã được dừng" in later.get_data(as_text=True)


def test_a_forged_or_foreign_unsubscribe_token_is_404(client, db, buyer):
    saved, _ = services.save_search(buyer, "tơ tằm", {}, "daily")
    db.session.commit()
    assert client.get(f"/searches/saved/unsubscribe/{unsubscribe_token(saved)}x").status_code == 404
    assert client.get("/searches/saved/unsubscribe/eyJzaWQiOjF9").status_code == 404
