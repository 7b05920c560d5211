"""The producer's dashboard (/producers/mine): its establishments, what is left to do, and its products."""

from marketplace.catalogue import photos, services
from marketplace.geography import resolver
from tests import factories


def test_a_producer_without_a_profile_is_invited_to_create_one(client, db, login, make_user):
    login(make_user("producer"))

    page = client.get("/producers/mine").get_data(as_text=True)

    assert 'href="/producers/new"' in page


def test_the_dashboard_shows_products_of_every_status_with_their_actions(client, db, login, owner, producer):
    published = factories.product(producer, name="Giỏ đã đăng", photo=True, commit=True)
    draft = factories.product(producer, published=False, name="Khay nháp", commit=True)
    archived = factories.product(producer, name="Đèn lưu trữ", commit=True)
    services.archive_product(archived)
    db.session.commit()
    login(owner)

    page = client.get("/producers/mine").get_data(as_text=True)

    for product in (published, draft, archived):
        assert product.name in page and f"/manage/products/{product.id}/edit" in page
    assert f'action="/manage/products/{draft.id}/publish"' in page
    assert f'action="/manage/products/{published.id}/unpublish"' in page
    assert f'href="/products/{published.id}/' in page  # the public page of what is published


def test_the_checklist_says_what_the_profile_still_lacks(client, db, login, owner, producer):
    login(owner)
    before = client.get("/producers/mine").get_data(as_text=True)
    assert 'class="todo"' in before

    producer.tax_code = "0100109106"
    producer.description = "Mô tả"
    producer.commune_code = resolver.resolve_commune("38", "Nga Sơn").code
    photos.attach_photos(producer, [photos.Upload("xuong.jpg", factories.jpeg_bytes())])
    factories.product(producer, photo=True, commit=True)  # commits the changes above too
    after = client.get("/producers/mine").get_data(as_text=True)
    assert 'class="todo"' not in after


def test_staff_see_their_tools_and_buyers_are_refused(client, db, login, make_user):
    login(make_user("organiser"))
    page = client.get("/producers/mine").get_data(as_text=True)
    assert 'href="/producers/staff"' in page

    login(make_user("buyer"))
    assert client.get("/producers/mine").status_code == 403


def test_the_home_page_links_a_producer_to_the_dashboard(client, db, login, owner):
    assert 'href="/producers/mine"' not in client.get("/").get_data(as_text=True)
    login(owner)
    assert 'href="/producers/mine"' in client.get("/").get_data(as_text=True)


def test_the_account_page_offers_the_producer_and_staff_tools(client, db, login, owner, make_user):
    login(owner)
    page = client.get("/account/").get_data(as_text=True)
    assert 'href="/producers/mine"' in page and 'href="/producers/staff"' not in page

    login(make_user("organiser"))
    page = client.get("/account/").get_data(as_text=True)
    assert 'href="/producers/mine"' in page and 'href="/producers/staff"' in page

    login(make_user("buyer"))
    assert 'href="/producers/mine"' not in client.get("/account/").get_data(as_text=True)
