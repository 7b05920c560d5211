"""Errors under /api/v1 are JSON {"error": {"code", "message"}}, never an HTML page."""


def assert_json_error(response, status: int, code: str):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]


def test_an_unknown_api_path_is_a_json_404(client):
    assert_json_error(client.get("/api/v1/nope"), 404, "not_found")


def test_a_wrong_method_on_the_api_is_a_json_405(client):
    response = client.get("/api/v1/tokens")

    assert_json_error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


def test_the_api_answers_in_english_whatever_the_site_language(client):
    """Messages are for developers; the site's Vietnamese default does not change them."""
    body = client.get("/api/v1/nope").get_json()

    assert body["error"]["message"] == "The page you asked for does not exist or has been removed."
