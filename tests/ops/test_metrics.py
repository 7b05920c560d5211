"""/metrics: request counts and latencies per route, counters areas add, never open to the public."""

import pytest

from marketplace import create_app
from marketplace.config import ConfigError
from marketplace.ops.metrics import event_counter

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def metrics_token(app):
    app.config["METRICS_TOKEN"] = TOKEN
    yield TOKEN
    app.config["METRICS_TOKEN"] = None


def scrape(client, token=TOKEN) -> str:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def sample(text: str, name: str, **labels) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {name}{{{wanted}}}")


def test_metrics_count_requests_per_route_and_status(client, metrics_token):
    before = scrape(client)
    try:
        old = sample(before, "cnnt_http_requests_total", endpoint="accounts.login", method="GET", status="200")
    except AssertionError:
        old = 0.0

    client.get("/account/login")
    client.get("/account/login")
    text = scrape(client)

    assert sample(text, "cnnt_http_requests_total", endpoint="accounts.login", method="GET", status="200") == old + 2
    assert sample(text, "cnnt_http_request_duration_seconds_count", endpoint="accounts.login", method="GET") >= 2
    assert 'le="0.1"' in text


def test_unknown_paths_share_one_label_so_scanners_cannot_flood_the_metrics(client, metrics_token):
    client.get("/wp-admin/setup.php")
    client.get("/.env")

    text = scrape(client)

    assert "wp-admin" not in text and ".env" not in text
    assert sample(text, "cnnt_http_requests_total", endpoint="unmatched", method="GET", status="404") >= 2


def test_an_area_counter_appears_in_the_metrics(client, metrics_token):
    votes = event_counter("cnnt_test_votes_total", "Votes cast (test).", ("group",))
    assert event_counter("cnnt_test_votes_total", "again") is votes
    votes.labels(group="1").inc(3)

    assert sample(scrape(client), "cnnt_test_votes_total", group="1") >= 3


@pytest.mark.parametrize("header", [None, "Bearer wrong-token-0123456789", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_metrics_refuse_a_missing_or_wrong_token(client, metrics_token, header):
    response = client.get("/metrics", headers={"Authorization": header} if header else {})

    assert response.status_code == 401
    assert "cnnt_http" not in response.get_data(as_text=True)


def test_a_signed_in_admin_without_the_token_sees_nothing(client, metrics_token, login, make_user):
    login(make_user("admin"))

    assert client.get("/metrics").status_code == 401


def test_without_a_token_configured_metrics_do_not_exist(client):
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


def test_a_short_metrics_token_stops_the_start(monkeypatch, tmp_path):
    monkeypatch.setenv("METRICS_TOKEN", "short")

    with pytest.raises(ConfigError, match="METRICS_TOKEN"):
        create_app({"APP_ENV": "testing", "DATA_DIR": tmp_path})
