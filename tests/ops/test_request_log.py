"""Every request leaves one JSON log line with a request id, and the response echoes that id."""

import json
import logging

import pytest

from marketplace.ops.requestlog import JsonLineFormatter


def request_lines(caplog) -> list[dict]:
    formatter = JsonLineFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "marketplace.request"]


def test_a_request_is_logged_as_one_json_line_with_its_id(client, caplog):
    caplog.set_level(logging.INFO, logger="marketplace.request")

    response = client.get("/account/login?next=/x")

    rid = response.headers["X-Request-ID"]
    assert len(rid) == 32
    [line] = request_lines(caplog)
    assert line["request_id"] == rid
    assert line["method"] == "GET" and line["path"] == "/account/login"
    assert line["endpoint"] == "accounts.login" and line["status"] == 200
    assert line["duration_ms"] >= 0 and line["user_id"] is None
    assert "next=" not in json.dumps(line)  # query strings (tokens, searches) stay out of the log


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/", headers={"X-Request-ID": "lb-4f2a9c.17:abc"})

    assert response.headers["X-Request-ID"] == "lb-4f2a9c.17:abc"


@pytest.mark.parametrize("bad", ["a b", "x" * 129, "<script>", "id\u00e9", "-starts-with-dash"])
def test_an_odd_incoming_request_id_is_replaced(client, bad):
    response = client.get("/", headers={"X-Request-ID": bad})

    assert response.headers["X-Request-ID"] != bad
    assert len(response.headers["X-Request-ID"]) == 32


def test_a_request_refused_before_its_view_still_has_an_id_and_a_line(client, caplog):
    """CSRF refuses in a before-request hook; the request id hook runs ahead of it."""
    caplog.set_level(logging.INFO, logger="marketplace.request")

    response = client.post("/account/logout", headers={"X-Request-ID": "refused-1"})

    assert response.status_code == 400
    assert response.headers["X-Request-ID"] == "refused-1"
    [line] = request_lines(caplog)
    assert line["status"] == 400 and line["request_id"] == "refused-1" and line["duration_ms"] is not None


def test_a_signed_in_request_names_the_account(client, login, make_user, caplog):
    user = login(make_user("buyer"))
    caplog.set_level(logging.INFO, logger="marketplace.request")

    client.get("/account/")

    [line] = request_lines(caplog)
    assert line["user_id"] == user.id
