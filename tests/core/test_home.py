"""The home page shows the sections areas register, in order, and hides those with nothing to show."""

import pytest

from marketplace.core import home


@pytest.fixture
def registered_sections(monkeypatch, tmp_path, app):
    monkeypatch.setattr(home, "HOME_SECTIONS", [])
    return home


def test_sections_render_in_their_order_and_empty_ones_are_hidden(registered_sections):
    registered_sections.home_section(40, "late.html")(lambda: {"n": 2})
    registered_sections.home_section(10, "early.html")(lambda: {"n": 1})
    registered_sections.home_section(20, "empty.html")(lambda: None)

    assert registered_sections.sections_to_render() == [("early.html", {"n": 1}), ("late.html", {"n": 2})]


def test_the_home_page_answers_in_vietnamese_by_default(client):
    response = client.get("/")

    assert response.status_code == 200
    assert 'lang="vi"' in response.get_data(as_text=True)
