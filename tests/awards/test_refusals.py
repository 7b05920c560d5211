"""A refused change through the organiser's pages: the page shows things as they were before the
attempt (the change ran in a savepoint), and the request's unit of work keeps nothing of it."""

from marketplace.awards.models import Criterion
from tests import factories
from tests.conftest import post_form


def test_a_refused_criteria_sheet_is_shown_as_it_was_and_nothing_is_kept(client, login, db, organiser):
    programme = factories.programme(organiser, commit=True)
    first, second = programme.criteria[0], programme.criteria[1]
    old_name = first.name
    data = {}
    for criterion in programme.criteria:
        data[f"name-{criterion.id}"], data[f"max-{criterion.id}"] = criterion.name, str(criterion.max_points)
    data[f"name-{first.id}"] = "Tiêu chí đổi tên"  # accepted by the rule, then the next row is refused
    data[f"max-{second.id}"] = "0"
    login(organiser)
    page = f"/awards/manage/{programme.id}"

    response = post_form(client, page, f"{page}/criteria", data)

    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="criteria"' in html and 'role="alert"' in html  # the reason, above the sheet
    assert "Tiêu chí đổi tên" not in html and old_name in html
    db.session.expire_all()
    assert db.session.get(Criterion, first.id).name == old_name
