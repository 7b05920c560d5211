"""The payments part of the public contract: Stripe's webhook (served by the payments blueprint)."""

from marketplace.api.openapi import add_paths, error_response, json_response

add_paths(
    {
        "/payments/stripe/webhook": {
            "post": {
                "summary": "Stripe events; the Stripe-Signature header is checked with STRIPE_WEBHOOK_SECRET",
                "security": [],
                "parameters": [
                    {"name": "Stripe-Signature", "in": "header", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {
                    "200": json_response(
                        "Received (also for a duplicate, which changes nothing)",
                        {
                            "type": "object",
                            "required": ["received"],
                            "properties": {
                                "received": {"type": "boolean"},
                                "duplicate": {"type": "boolean"},
                                "outcome": {"type": "string"},
                            },
                        },
                    ),
                    "400": error_response("Signature missing, forged or older than five minutes"),
                    "503": error_response("A transient failure: Stripe retries the event later"),
                },
            }
        },
    }
)
