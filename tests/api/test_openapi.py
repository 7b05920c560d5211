"""The OpenAPI document describes every API route, with the methods it really accepts."""

import re

from flask import Flask

IGNORED_METHODS = {"HEAD", "OPTIONS"}
PATH_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def served_operations(app: Flask) -> dict[str, set[str]]:
    """{'/api/v1/things/{id}': {'get', 'post'}} for every route the contract covers."""
    operations: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/api/v1/") or rule.rule == "/healthz"):
            continue
        path = PATH_PARAMETER.sub(r"{\1}", rule.rule)
        methods = {method.lower() for method in rule.methods - IGNORED_METHODS}
        operations.setdefault(path, set()).update(methods)
    return operations


def documented_operations(document: dict) -> dict[str, set[str]]:
    http_methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return {path: {key for key in item if key in http_methods} for path, item in document["paths"].items()}


def undocumented(app: Flask, document: dict) -> list[str]:
    documented = documented_operations(document)
    return sorted(
        f"{method.upper()} {path}"
        for path, methods in served_operations(app).items()
        for method in methods - documented.get(path, set())
    )


def test_the_document_is_openapi_3_1_json(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] and document["info"]["version"]
    assert "bearer" in document["components"]["securitySchemes"]


def test_every_api_route_is_documented_with_its_methods(app, client):
    document = client.get("/api/v1/openapi.json").get_json()

    missing = undocumented(app, document)

    assert missing == [], "Routes missing from the OpenAPI document:\n" + "\n".join(missing)


def test_every_documented_operation_is_served(app, client):
    """The document promises nothing the site does not do."""
    document = client.get("/api/v1/openapi.json").get_json()
    served = served_operations(app)
    for rule in app.url_map.iter_rules():  # documented paths outside /api/v1 (webhooks) too
        path = PATH_PARAMETER.sub(r"{\1}", rule.rule)
        served.setdefault(path, set()).update(m.lower() for m in rule.methods - IGNORED_METHODS)

    phantom = sorted(
        f"{method.upper()} {path}"
        for path, methods in documented_operations(document).items()
        for method in methods - served.get(path, set())
    )

    assert phantom == [], "Documented but not served:\n" + "\n".join(phantom)


def test_the_check_notices_a_route_added_without_documentation(app, client):
    """The comparison above is not vacuous: an extra route makes it report."""
    document = client.get("/api/v1/openapi.json").get_json()
    extended = Flask("extended")
    for rule in app.url_map.iter_rules():
        extended.add_url_rule(rule.rule, rule.endpoint, methods=rule.methods)
    extended.add_url_rule("/api/v1/widgets/<int:id>", "widget", methods=["GET", "DELETE"])

    assert undocumented(extended, document) == [
        "DELETE /api/v1/widgets/{id}",
        "GET /api/v1/widgets/{id}",
    ]


def test_error_responses_point_to_the_shared_error_schema(client):
    document = client.get("/api/v1/openapi.json").get_json()

    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert set(error["properties"]["error"]["required"]) == {"code", "message"}
    token_401 = document["paths"]["/api/v1/tokens"]["post"]["responses"]["401"]
    assert token_401["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_every_operation_documents_at_least_one_success_response(client):
    document = client.get("/api/v1/openapi.json").get_json()

    lacking = [
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and not any(code.startswith("2") for code in operation.get("responses", {}))
    ]

    assert lacking == []


def test_every_operation_lists_the_servers_414_for_a_request_line_too_long(client):
    """gunicorn answers it before the app (tests/ops/test_slow_clients.py proves both sides of the limit)."""
    document = client.get("/api/v1/openapi.json").get_json()

    missing = [
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
        and "text/html" not in operation["responses"].get("414", {}).get("content", {})
    ]

    assert missing == []
    assert "414" in document["info"]["description"]
