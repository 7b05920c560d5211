"""The OpenAPI description of the inquiry, quote and buying-request endpoints (marketplace/api/inquiries.py)."""

from marketplace.api.openapi import add_paths, error_response, json_response

_ID = {"type": "integer"}
_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}
_DATE = {"type": "string", "format": "date"}

QUOTE = {
    "type": "object",
    "required": ["id", "status", "unit_price_vnd", "valid_until"],
    "properties": {
        "id": _ID,
        "status": {"type": "string", "enum": ["open", "accepted", "declined"]},
        "unit_price_vnd": _ID,
        "unit": _NULLABLE_TEXT,
        "min_quantity": _NULLABLE_INT,
        "lead_time_days": _NULLABLE_INT,
        "valid_until": _DATE,
        "delivery_terms": _NULLABLE_TEXT,
        "note": _NULLABLE_TEXT,
        "created_at": {"type": "string", "format": "date-time"},
    },
}
QUOTE_INPUT = {
    "type": "object",
    "required": ["unit_price_vnd", "valid_until"],
    "properties": {
        "unit_price_vnd": _ID,
        "unit": _TEXT,
        "min_quantity": _ID,
        "lead_time_days": _ID,
        "valid_until": _DATE,
        "delivery_terms": _TEXT,
        "note": _TEXT,
    },
}
STATUS = {"type": "string", "enum": ["new", "answered", "quoted", "closed"]}
PARTY = {"type": "object", "properties": {"id": _ID, "name": _TEXT}}
INQUIRY = {
    "type": "object",
    "required": ["id", "status", "producer", "buyer"],
    "properties": {
        "id": _ID,
        "status": STATUS,
        "outcome": {"type": ["string", "null"], "enum": ["won", "lost", "no_reply", None]},
        "subject": _TEXT,
        "producer": PARTY,
        "buyer": PARTY,
        "product": {"type": ["object", "null"]},
        "request_id": _NULLABLE_INT,
        "quantity": _NULLABLE_INT,
        "unit": _NULLABLE_TEXT,
        "target_price_vnd": _NULLABLE_INT,
        "wanted_by": _NULLABLE_TEXT,
        "unread": {"type": "boolean"},
    },
}
MESSAGE = {
    "type": "object",
    "required": ["id", "side", "body", "created_at"],
    "properties": {
        "id": _ID,
        "side": {"type": "string", "enum": ["buyer", "producer"]},
        "body": _TEXT,
        "created_at": {"type": "string", "format": "date-time"},
        "attachment": {"type": ["object", "null"]},
    },
}
THREAD = {
    **INQUIRY,
    "required": [*INQUIRY["required"], "messages", "quotes"],
    "properties": {
        **INQUIRY["properties"],
        "messages": {"type": "array", "items": MESSAGE},
        "quotes": {"type": "array", "items": QUOTE},
    },
}
REQUEST = {
    "type": "object",
    "required": ["id", "title", "group", "quantity", "unit", "deadline", "open"],
    "properties": {
        "id": _ID,
        "title": _TEXT,
        "group": {"type": "integer", "minimum": 1, "maximum": 4},
        "details": _NULLABLE_TEXT,
        "quantity": _ID,
        "unit": _TEXT,
        "province": _NULLABLE_TEXT,
        "export_market": _NULLABLE_TEXT,
        "deadline": _DATE,
        "open": {"type": "boolean"},
    },
}
REQUEST_INPUT = {
    "type": "object",
    "required": ["title", "group_number", "quantity", "unit", "deadline"],
    "properties": {
        "title": _TEXT,
        "group_number": {"type": "integer", "minimum": 1, "maximum": 4},
        "details": _TEXT,
        "quantity": _ID,
        "unit": _TEXT,
        "province_code": {"type": "string", "description": "official province code"},
        "export_market": _TEXT,
        "deadline": _DATE,
    },
}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    words = {
        400: "Not a JSON object",
        401: "No valid bearer token",
        403: "Not allowed for this account",
        404: "Not found, or not one of the caller's conversations",
        409: "Already answered or closed",
        422: "Invalid field (the message names it)",
        429: "Too many in a short time",
    }
    return {str(code): error_response(words[code]) for code in codes}


def _param(name: str) -> list:
    return [{"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}]


add_paths(
    {
        "/api/v1/products/{product_id}/inquiries": {
            "post": {
                "summary": "A buyer (confirmed email) asks a producer about a product",
                "parameters": _param("product_id"),
                "requestBody": _body(
                    {
                        "type": "object",
                        "required": ["message"],
                        "properties": {
                            "message": _TEXT,
                            "quantity": _ID,
                            "unit": _TEXT,
                            "target_price_vnd": _ID,
                            "delivery_province_code": _TEXT,
                            "delivery_country": _TEXT,
                            "wanted_by": _DATE,
                            "contact_preference": {"type": "string", "enum": ["site", "email", "phone"]},
                            "contact_phone": {
                                "type": "string",
                                "maxLength": 30,
                                "description": "Required when contact_preference is phone, e.g. 0912 345 678",
                            },
                        },
                    }
                ),
                "responses": {
                    "201": json_response(
                        "Sent",
                        {"type": "object", "required": ["id", "status"], "properties": {"id": _ID, "status": STATUS}},
                    ),
                    **_errors(400, 401, 403, 404, 422, 429),
                },
            }
        },
        "/api/v1/inquiries": {
            "get": {
                "summary": "The caller's conversations: received (producer) or sent (buyer), latest first",
                "parameters": [{"name": "status", "in": "query", "required": False, "schema": STATUS}],
                "responses": {
                    "200": json_response(
                        "Up to 100 conversations",
                        {
                            "type": "object",
                            "required": ["items"],
                            "properties": {"items": {"type": "array", "items": INQUIRY}, "unread": _ID, "total": _ID},
                        },
                    ),
                    **_errors(401),
                },
            }
        },
        "/api/v1/inquiries/{inquiry_id}": {
            "get": {
                "summary": "One conversation with its messages and quotes, for its two parties only",
                "parameters": _param("inquiry_id"),
                "responses": {"200": json_response("The conversation", THREAD), **_errors(401, 404)},
            }
        },
        "/api/v1/inquiries/{inquiry_id}/messages": {
            "post": {
                "summary": "Write in a conversation (its two parties only)",
                "parameters": _param("inquiry_id"),
                "requestBody": _body({"type": "object", "required": ["body"], "properties": {"body": _TEXT}}),
                "responses": {
                    "201": json_response(
                        "Written",
                        {
                            "type": "object",
                            "required": ["id"],
                            "properties": {"id": _ID, "inquiry_id": _ID, "status": STATUS},
                        },
                    ),
                    **_errors(400, 401, 404, 422, 429),
                },
            }
        },
        "/api/v1/inquiries/{inquiry_id}/quotes": {
            "post": {
                "summary": "The producer sends a structured quote; the conversation becomes 'quoted'",
                "parameters": _param("inquiry_id"),
                "requestBody": _body(QUOTE_INPUT),
                "responses": {"201": json_response("The quote", QUOTE), **_errors(400, 401, 403, 404, 409, 422)},
            }
        },
        "/api/v1/quotes/{quote_id}/accept": {
            "post": {
                "summary": "The buyer accepts a quote: a lead is recorded, the conversation closes as won",
                "parameters": _param("quote_id"),
                "responses": {"200": json_response("Accepted", QUOTE), **_errors(401, 403, 404, 409)},
            }
        },
        "/api/v1/quotes/{quote_id}/decline": {
            "post": {
                "summary": "The buyer declines a quote",
                "parameters": _param("quote_id"),
                "responses": {"200": json_response("Declined", QUOTE), **_errors(401, 403, 404, 409)},
            }
        },
        "/api/v1/requests": {
            "get": {
                "summary": "Open buying requests on the public board (soonest deadline first)",
                "security": [],
                "parameters": [
                    {
                        "name": "group",
                        "in": "query",
                        "required": False,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 4},
                    }
                ],
                "responses": {
                    "200": json_response(
                        "Up to 100 requests",
                        {
                            "type": "object",
                            "required": ["items"],
                            "properties": {"items": {"type": "array", "items": REQUEST}, "total": _ID},
                        },
                    ),
                    **_errors(422),
                },
            },
            "post": {
                "summary": "A buyer (confirmed email) posts a buying request; matching producers are told",
                "requestBody": _body(REQUEST_INPUT),
                "responses": {"201": json_response("Posted", REQUEST), **_errors(400, 401, 403, 422, 429)},
            },
        },
        "/api/v1/requests/{request_id}": {
            "get": {
                "summary": "One buying request (hidden ones are 404)",
                "security": [],
                "parameters": _param("request_id"),
                "responses": {"200": json_response("The request", REQUEST), **_errors(404)},
            }
        },
        "/api/v1/requests/{request_id}/quotes": {
            "post": {
                "summary": "A producer answers a request with a quote (in its own conversation with the buyer)",
                "parameters": _param("request_id"),
                "requestBody": _body(QUOTE_INPUT),
                "responses": {
                    "201": json_response(
                        "Quoted",
                        {
                            "type": "object",
                            "required": ["inquiry_id", "quote"],
                            "properties": {"inquiry_id": _ID, "quote": QUOTE},
                        },
                    ),
                    **_errors(400, 401, 403, 404, 409, 422, 429),
                },
            }
        },
    }
)
