"""The OpenAPI 3.1 document; each area adds the paths it serves, and a test keeps them in step."""

from copy import deepcopy

ERROR = {"$ref": "#/components/schemas/Error"}


def error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


PATHS: dict[str, dict] = {}
HTTP_METHODS = ("get", "put", "post", "delete", "patch")
# gunicorn refuses a request line over its limit (limit_request_line in gunicorn.conf.py, 8,190 bytes)
# before the app sees it, with its own HTML page: any operation can answer it, so each lists it.
URI_TOO_LONG = {
    "description": "The request line (method, path and query) is over 8,190 bytes: the server refuses it "
    "before the application, with an HTML page, not the JSON error",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


def add_paths(paths: dict[str, dict]) -> None:
    """Merge an area's paths into the document (called when the area's API module is imported)."""
    for path, operations in paths.items():
        PATHS.setdefault(path, {}).update(operations)


add_paths(
    {
        "/healthz": {
            "get": {
                "summary": "Readiness: the database and the search index answer",
                "security": [],
                "responses": {
                    "200": json_response(
                        "Ready",
                        {
                            "type": "object",
                            "required": ["status"],
                            "properties": {"status": {"type": "string", "enum": ["ok"]}},
                            "additionalProperties": {"type": "string"},
                        },
                    ),
                    "503": json_response("A dependency does not answer", {"type": "object"}),
                },
            }
        },
        "/api/v1/tokens": {
            "post": {
                "summary": "Exchange an email and password (HTTP Basic) for a bearer token",
                "security": [{"basic": []}],
                "responses": {
                    "201": json_response(
                        "A new token",
                        {
                            "type": "object",
                            "required": ["token", "expires_at"],
                            "properties": {
                                "token": {"type": "string"},
                                "expires_at": {"type": "string", "format": "date-time"},
                            },
                        },
                    ),
                    "401": error_response("Missing or wrong credentials"),
                    "403": error_response(
                        "The account's email address is not confirmed yet "
                        "(code `email_unconfirmed`): no token until it is"
                    ),
                    "429": error_response(
                        "Too many attempts: from this address (code `rate_limited`), or too many wrong "
                        "passwords for this account lately (code `signin_throttled`; after 5 failures the "
                        "account waits 30 s, doubled at each further failure, at most 15 minutes). "
                        "Wait for `Retry-After` seconds"
                    ),
                },
            }
        },
        "/api/v1/tokens/current": {
            "delete": {
                "summary": "Revoke the bearer token of this request (it stops working at once)",
                "responses": {
                    "204": {"description": "Revoked"},
                    "401": error_response("No valid bearer token"),
                },
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "summary": "This document",
                "security": [],
                "responses": {"200": json_response("The OpenAPI document", {"type": "object"})},
            }
        },
    }
)


def _with_server_refusals(paths: dict) -> dict:
    paths = deepcopy(paths)
    for operations in paths.values():
        for method in HTTP_METHODS:
            if method in operations:
                operations[method].setdefault("responses", {}).setdefault("414", deepcopy(URI_TOO_LONG))
    return paths


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sàn kết nối công nghiệp nông thôn (CNNT marketplace) API",
            "version": "1.0.0",
            "description": 'Public contract v1. Errors are {"error": {"code", "message"}}, except a '
            "414 for a request line over 8,190 bytes, which the server answers in HTML.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": _with_server_refusals(PATHS),
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
                # The site's own pages' JSON (the fair's gate): the signed-in session, plus X-CSRFToken.
                "session": {"type": "apiKey", "in": "cookie", "name": "session"},
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                        }
                    },
                }
            },
        },
    }
