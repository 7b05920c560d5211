"""/healthz: what a load balancer asks before sending traffic."""

from marketplace.core.health import HEALTH_CHECKS


def test_healthz_reports_ok_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert set(body) == {"status", *HEALTH_CHECKS}


def test_healthz_answers_503_and_names_the_failing_dependency(client, monkeypatch):
    def broken():
        raise ConnectionError("index unreachable")

    monkeypatch.setitem(HEALTH_CHECKS, "index", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["database"] == "ok"
    assert body["index"] == "error: ConnectionError"
    assert "unreachable" not in response.get_data(as_text=True)  # no internals leak
