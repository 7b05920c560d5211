"""The gate's JSON endpoints in the OpenAPI document: for scripts and other gate apps, signed in with
the site's session cookie (they are the page's own endpoints, so they take its CSRF token too)."""

from marketplace.api.openapi import add_paths, error_response, json_response

FAIR_ID = {"name": "fair_id", "in": "path", "required": True, "schema": {"type": "integer"}}
SESSION = [{"session": []}]
RESULT = {
    "type": "object",
    "required": ["scan_id", "status"],
    "properties": {
        "scan_id": {"type": "string"},
        "status": {
            "type": "string",
            "enum": ["checked_in", "already_in", "invalid", "other_fair", "withdrawn"],
            "description": "checked_in: let in, the badge's first entry today (a resent scan id answers "
            "the same); already_in: it entered earlier today (first_at); invalid: not a "
            "genuine code; other_fair: an exhibitor badge of another fair; withdrawn: "
            "genuine but no longer valid (badge withdrawn, booth refunded, account closed)",
        },
        "kind": {"type": ["string", "null"], "enum": ["E", "V", None]},
        "number": {"type": ["integer", "null"]},
        "label": {
            "type": "string",
            "description": "whom the badge names (staff name and establishment, or the visitor account's name)",
        },
        "first_at": {"type": ["string", "null"], "format": "date-time"},
    },
}

add_paths(
    {
        "/fairs/gate/{fair_id}/check-ins": {
            "post": {
                "summary": "Record badges scanned at the fair's gate (a batch; idempotent by scan_id)",
                "description": "For the fair's organisers. Session cookie and the X-CSRFToken header (from the "
                "gate page or today.json). Each badge enters once a day (Vietnam time): a second "
                "scan, from any gate, answers already_in. scanned_at (the phone's clock, for scans "
                "queued offline) is believed within the last 3 days; otherwise the server's time.",
                "security": SESSION,
                "parameters": [
                    FAIR_ID,
                    {"name": "X-CSRFToken", "in": "header", "required": True, "schema": {"type": "string"}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["scans"],
                                "properties": {
                                    "scans": {
                                        "type": "array",
                                        "minItems": 1,
                                        "maxItems": 200,
                                        "items": {
                                            "type": "object",
                                            "required": ["scan_id", "code"],
                                            "properties": {
                                                "scan_id": {
                                                    "type": "string",
                                                    "pattern": "^[A-Za-z0-9_-]{8,64}$",
                                                    "description": "made by the client, once per scan (a UUID)",
                                                },
                                                "code": {
                                                    "type": "string",
                                                    "maxLength": 64,
                                                    "examples": ["CNNT-E-42-7KQ3M2XA"],
                                                },
                                                "scanned_at": {"type": "string", "format": "date-time"},
                                            },
                                        },
                                    }
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": json_response(
                        "One result per scan, in order, and the fair's entries today",
                        {
                            "type": "object",
                            "required": ["results", "entries_today"],
                            "properties": {
                                "results": {"type": "array", "items": RESULT},
                                "entries_today": {"type": "integer"},
                            },
                        },
                    ),
                    "400": error_response("Malformed batch, or a missing or wrong CSRF token (then an HTML page)"),
                    "401": error_response("Not signed in"),
                    "403": error_response("Not an organiser of this fair"),
                    "404": error_response("No such fair"),
                    "413": error_response("More than 200 scans in one batch"),
                    "429": error_response("More than 120 batches a minute"),
                },
            }
        },
        "/fairs/gate/{fair_id}/today.json": {
            "get": {
                "summary": "The gate's list for today: the fair's valid staff badges and who is already in",
                "security": SESSION,
                "parameters": [FAIR_ID],
                "responses": {
                    "200": json_response(
                        "The day's list (visitors are not listed: their codes are checked by "
                        "signature when a scan arrives), with a fresh CSRF token",
                        {
                            "type": "object",
                            "required": ["day", "exhibitor_badges", "already_in", "csrf_token"],
                            "properties": {
                                "fair": {"type": "object"},
                                "day": {"type": "string", "format": "date"},
                                "exhibitor_badges": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "code": {"type": "string"},
                                            "label": {"type": "string"},
                                            "booths": {"type": "string"},
                                        },
                                    },
                                },
                                "already_in": {
                                    "type": "array",
                                    "items": {"type": "string", "examples": ["E-42", "V-17"]},
                                },
                                "entries_today": {"type": "integer"},
                                "csrf_token": {"type": "string"},
                            },
                        },
                    ),
                    "401": error_response("Not signed in"),
                    "403": error_response("Not an organiser of this fair"),
                    "404": error_response("No such fair"),
                },
            }
        },
    }
)
