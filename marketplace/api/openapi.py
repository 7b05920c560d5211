"""The OpenAPI 3.1 document; each area adds the paths it serves, and a test keeps them in step."""

from copy import deepcopy

ERROR = {"$ref": "#/components/schemas/Error"}


def error_response(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


PATHS: dict[str, dict] = {}


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
                        {"type": "object", "required": ["status"],
                         "properties": {"status": {"type": "string", "enum": ["ok"]}},
                         "additionalProperties": {"type": "string"}},
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
                        {"type": "object", "required": ["token", "expires_at"],
                         "properties": {"token": {"type": "string"},
                                        "expires_at": {"type": "string", "format": "date-time"}}},
                    ),
                    "401": error_response("Missing or wrong credentials"),
                    "403": error_response("The account's email address is not confirmed yet "
                                          "(code `email_unconfirmed`): no token until it is"),
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


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sàn kết nối công nghiệp nông thôn (CNNT marketplace) API",
            "version": "1.0.0",
            "description": "Public contract v1. Errors are {\"error\": {\"code\", \"message\"}}.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": deepcopy(PATHS),
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
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
