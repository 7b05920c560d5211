"""While the database is unreachable (a restart, a failover), pages and the API answer 503 with
Retry-After instead of a bare 500, and nothing is left half-done."""

import pytest
from sqlalchemy.exc import OperationalError

from marketplace.core import views as core_views


@pytest.fixture
def database_down(monkeypatch):
    def unreachable(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(core_views, "sections_to_render", unreachable)


def test_a_page_answers_503_with_retry_after_while_the_database_is_away(client, database_down):
    response = client.get("/")

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "cơ sở dữ liệu" in response.get_data(as_text=True)  # Vietnamese first


def test_the_api_answers_503_in_json(client, monkeypatch):
    from marketplace.api import views

    def unreachable(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("terminating connection due to administrator command"))

    monkeypatch.setattr(views, "openapi_document", unreachable)

    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "unavailable"


def test_the_site_answers_again_once_the_database_is_back(client, database_down, monkeypatch):
    assert client.get("/").status_code == 503
    monkeypatch.undo()

    assert client.get("/").status_code == 200
