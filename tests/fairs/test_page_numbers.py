"""The organiser's desk reads its page number as every other list does: an odd one is page 1, never a 500."""

import pytest


@pytest.mark.parametrize("raw", ["abc", "-3", "99999999999999999999"])
def test_the_desk_shows_page_1_for_an_odd_page_number(client, login, make_fair, organiser, raw):
    fair = make_fair()
    login(organiser)

    response = client.get(f"/fairs/manage/{fair.id}/bookings?page={raw}")

    assert response.status_code == 200
