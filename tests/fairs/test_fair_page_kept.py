"""The public fair page is kept for visitors (core.pagecache), where a crowd goes after the home
page: it sets no cookie, the next visitor gets it without a query, and a write to the fair (a booth
booked, the fair changed) or to the catalogue shows on the very next request (fairs.versioning)."""

from marketplace.fairs import organise
from tests import factories
from tests.sql_count import statements


def _visit(client, fair):
    response = client.get(f"/fairs/{fair.id}")
    assert response.status_code == 200
    return response


def test_a_visitor_gets_the_fair_page_kept_and_without_a_cookie(client, db, kept, organiser):
    fair = factories.fair(organiser, commit=True)
    first = _visit(client, fair)
    assert "Set-Cookie" not in first.headers and "X-Cache" not in first.headers
    with statements() as seen:
        second = _visit(client, fair)
    assert second.headers.get("X-Cache") == "hit" and second.get_data() == first.get_data()
    assert seen == []


def test_a_booking_and_a_change_to_the_fair_show_on_the_next_visit(client, db, kept, organiser):
    fair = factories.fair(organiser, commit=True)
    before = _visit(client, fair)
    assert _visit(client, fair).headers.get("X-Cache") == "hit"

    user, producer = factories.producer_account(commit=True)
    factories.booking(fair, "S01", producer, user, commit=True)
    after_booking = _visit(client, fair)
    assert "X-Cache" not in after_booking.headers and after_booking.get_data() != before.get_data()

    organise.update_fair(fair, factories.fair_values(name="Hội chợ hàng CNNT mùa thu"), organiser)
    db.session.commit()
    assert "Hội chợ hàng CNNT mùa thu" in _visit(client, fair).get_data(as_text=True)


def test_a_producer_signed_in_still_gets_the_waiting_list_form(client, db, kept, organiser, login):
    """The form that kept the page from being kept is made for those who may book: they get it."""
    fair = factories.fair(organiser, standard=1, corner=0, commit=True)
    user, producer = factories.producer_account(commit=True)
    other_user, other = factories.producer_account(commit=True)
    factories.booking(fair, "S01", other, other_user, commit=True)
    login(user)
    page = _visit(client, fair)
    assert "X-Cache" not in page.headers
    assert f"/fairs/{fair.id}/waitlist" in page.get_data(as_text=True)
