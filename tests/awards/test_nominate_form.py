"""The nomination form says up front who may use it and until when, and a closed programme shows its closure."""

from datetime import date

from marketplace.awards import services_programmes as programmes
from tests import factories


def test_the_form_says_who_may_nominate_and_until_when(client, login, db, organiser):
    programme = factories.programme(organiser, nomination_closes_on=date(2031, 4, 30), commit=True)
    programmes.advance_phase(programme, organiser)
    db.session.commit()
    _producer, _products, owner = factories.entrant(commit=True)
    login(owner)

    response = client.get(f"/awards/{programme.id}/nominate")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ai được đề cử" in page and "Thanh Hóa" in page and "30/04/2031" in page
    assert 'name="product"' in page


def test_a_closed_programme_shows_the_closure_instead_of_the_form(client, login, running):
    _producer, _products, owner = factories.entrant(commit=True)
    login(owner)
    url = f"/awards/{running.programme.id}/nominate"

    shown = client.get(url)
    page = shown.get_data(as_text=True)

    assert shown.status_code == 200
    assert "hết hạn nhận hồ sơ" in page and 'name="product"' not in page


def test_english_pages_name_the_criteria_in_english(client, db, running):
    client.set_cookie("lang", "en")

    page = client.get(f"/awards/{running.programme.id}").get_data(as_text=True)

    assert "Market fit and room to grow production" in page
    assert "Đáp ứng nhu cầu thị trường" not in page
