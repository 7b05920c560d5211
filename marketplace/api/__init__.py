"""The JSON API, /api/v1: bearer tokens, JSON errors, and the OpenAPI document that describes it."""
