"""The public awards pages are kept for visitors (core.pagecache), where the public goes to vote: they
set no cookie, the next visitor gets them without a query, a change they show (a programme renamed,
results published) is there on the very next request (awards.versioning), and a vote, which they do
not show, leaves them kept."""

from marketplace.awards import services_programmes as programmes
from marketplace.awards import services_voting as voting
from marketplace.awards.services_results import publish_results
from tests.sql_count import statements

BADGE = "Sản phẩm công nghiệp nông thôn tiêu biểu · cấp tỉnh 2026"


def _visit(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_a_visitor_gets_the_programme_and_the_list_kept_and_without_a_cookie(client, kept, running):
    programme = running.to_voting()
    for path in ("/awards/", f"/awards/{programme.id}"):
        first = _visit(client, path)
        assert "Set-Cookie" not in first.headers and "X-Cache" not in first.headers
        with statements() as seen:
            second = _visit(client, path)
        assert second.headers.get("X-Cache") == "hit" and second.get_data() == first.get_data()
        assert seen == []


def test_a_change_to_the_programme_shows_on_the_next_visit(client, db, kept, running, organiser):
    programme = running.to_voting()
    path = f"/awards/{programme.id}"
    _visit(client, path)
    assert _visit(client, path).headers.get("X-Cache") == "hit"

    programmes.update_settings(programme, {"name": "Bình chọn sản phẩm CNNT tiêu biểu mùa thu"}, organiser)
    db.session.commit()

    for page in (path, "/awards/"):
        assert "Bình chọn sản phẩm CNNT tiêu biểu mùa thu" in _visit(client, page).get_data(as_text=True)


def test_a_vote_leaves_the_kept_pages_kept(app, client, db, kept, running, make_user):
    programme = running.to_voting()
    path = f"/awards/{programme.id}"
    before = _visit(client, path)

    voting.cast_vote(programme, running.entries[0], make_user("buyer"))
    db.session.commit()

    after = _visit(client, path)
    assert after.headers.get("X-Cache") == "hit" and after.get_data() == before.get_data()


def test_the_voter_signed_in_sees_their_own_vote_not_the_kept_page(app, client, db, kept, running, make_user, login):
    programme = running.to_voting()
    path = f"/awards/{programme.id}"
    _visit(client, path)
    voter = make_user("buyer")
    voting.cast_vote(programme, running.entries[0], voter)
    db.session.commit()

    login(voter)
    page = _visit(client, path)
    assert "X-Cache" not in page.headers
    assert running.entries[0].product.name in page.get_data(as_text=True).split("award-notice", 1)[1]


def test_published_results_show_their_title_on_the_kept_product_page(client, db, kept, running, organiser):
    """The title is written to the catalogue (a cnnt_standout certificate), whose version keys the page."""
    product = running.entries[0].product
    programme = running.to_voting()
    path = f"/products/{product.id}"
    _visit(client, path)
    assert _visit(client, path).headers.get("X-Cache") == "hit"

    publish_results(programme, organiser, confirmed=("end_vote_early",))
    db.session.commit()

    assert BADGE in _visit(client, path).get_data(as_text=True)
