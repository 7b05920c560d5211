"""A file the browser saves (Content-Disposition: attachment): the one way every export answers."""

from flask import Response


def attachment(body: bytes, mimetype: str, filename: str) -> Response:
    """`filename` is made by the caller from ids and fixed words (ASCII, no quotes). Exports hold
    people's contacts, money or a list's rows: no proxy or shared cache may keep them."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
