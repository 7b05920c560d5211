"""The awards pages send the same number of SQL statements whatever the number of entries and
programmes they show (no N+1)."""

from marketplace.awards import services_dossiers as dossiers
from marketplace.awards import services_programmes as programmes
from tests import factories
from tests.factories import fill_dossier
from tests.sql_count import statements_for


def _programme_with_entries(db, organiser, count: int):
    """A programme in its nomination phase with `count` submitted dossiers, in both groups."""
    programme = factories.programme(organiser, commit=True)
    programmes.advance_phase(programme, organiser)
    for n in range(count):
        group = 1 + n % 2
        producer, (product,), owner = factories.entrant((group,), commit=True)
        nomination = dossiers.nominate(programme, product, group, owner)
        fill_dossier(nomination, owner)
        dossiers.submit_dossier(nomination, owner)
    db.session.commit()
    return programme


def test_the_programme_page_costs_the_same_with_one_or_five_entries(client, db, login, organiser):
    one = _programme_with_entries(db, organiser, 1)
    five = _programme_with_entries(db, organiser, 5)
    login(organiser)  # the organiser sees every submitted entry, with its status

    page = client.get(f"/awards/{five.id}").get_data(as_text=True)
    assert page.count("Sản phẩm ") >= 5  # the five entries are on the page being counted
    assert statements_for(client, f"/awards/{five.id}") == statements_for(client, f"/awards/{one.id}")


def test_the_list_of_programmes_costs_the_same_with_one_or_three(client, db, organiser):
    for _ in range(1):
        programmes.advance_phase(factories.programme(organiser, commit=True), organiser)
    db.session.commit()
    one = statements_for(client, "/awards/")
    for _ in range(2):
        programmes.advance_phase(factories.programme(organiser, commit=True), organiser)
    db.session.commit()
    assert statements_for(client, "/awards/") == one
