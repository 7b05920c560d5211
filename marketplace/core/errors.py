"""Error pages in both languages, and JSON errors for the API, so bad input never shows a 500."""

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from marketplace.core.permissions import refused_for_unconfirmed_email
from marketplace.core.rules import RuleError
from marketplace.extensions import db

UNCONFIRMED_TEXT = (
    _l("Confirm your email address first"),
    _l(
        "Your account can act for an establishment once its email address is confirmed. "
        "Open the link we mailed to you, or have a new one sent."
    ),
)
UNCONFIRMED_API = (
    "email_unconfirmed",
    "Confirm your email address first: open the link we mailed to you, or ask for a new one on your account page.",
)

ERROR_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood. Please check what you sent.")),
    401: (_l("Please log in"), _l("You need to log in to see this page.")),
    403: (_l("Not allowed"), _l("Your account is not allowed to do this.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has been removed.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    409: (_l("Conflict"), _l("This was changed by someone else in the meantime. Please try again.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    422: (_l("Cannot process"), _l("The request was understood but cannot be carried out.")),
    429: (_l("Too many attempts"), _l("You have tried too often. Please wait a moment and try again.")),
    500: (_l("Something went wrong"), _l("An error on our side stopped this page. We have been told.")),
    503: (
        _l("Back in a moment"),
        _l("The site cannot reach its database right now. Please try again in a few seconds."),
    ),
}
API_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def api_error(status: int, message: str | None = None, code: str | None = None):
    if status == 403 and code is None and refused_for_unconfirmed_email():
        code, message = UNCONFIRMED_API
    title, text = ERROR_TEXT.get(status, ERROR_TEXT[500] if status >= 500 else ERROR_TEXT[400])
    with force_locale("en"):  # API messages are for developers: English whatever the site language
        body = {"error": {"code": code or API_CODES.get(status, "error"), "message": str(message or text)}}
    return jsonify(body), status


def render_error(status: int, message: str | None = None):
    if wants_json():
        return api_error(status, message)
    title, text = ERROR_TEXT.get(status, ERROR_TEXT[500] if status >= 500 else ERROR_TEXT[400])
    unconfirmed = status == 403 and refused_for_unconfirmed_email()
    if unconfirmed:
        title, text = UNCONFIRMED_TEXT
    page = render_template(
        "errors/error.html", status=status, title=title, text=message or text, resend_confirmation=unconfirmed
    )
    return page, status


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    message = None
    if error.code in (400, 409, 422) and error.description and error.description != type(error).description:
        message = error.description  # our own explanation, already translated
    elif error.code == 429 and getattr(getattr(error, "limit", None), "error_message", None):
        message = error.description  # the limit's own translated explanation (flask-limiter's error_message)
    response = make_response(render_error(error.code, message))  # HTML pages give (str, status)
    valid_methods = getattr(error, "valid_methods", None)
    if valid_methods:
        response.headers["Allow"] = ", ".join(valid_methods)
    return response


def _csrf_error(error: CSRFError):
    return render_error(400, str(_l("Your form expired or came from elsewhere. Please try again.")))


def _rule_error(error: RuleError):
    """A rule said no and nobody caught it: the API gets its code in English, a page the reason."""
    if wants_json():
        return api_error(error.status, error.message, error.code)
    return render_error(error.status, str(error))


def _server_error(error: Exception):
    db.session.rollback()  # never leave half a unit of work behind a 500
    return render_error(500)


def _database_unreachable(error: OperationalError):
    """The database went away (a restart, a failover): 503 and Retry-After, so clients and proxies
    retry; the pool's pre-ping reconnects on a later request by itself."""
    current_app.logger.warning("database unreachable: %s", str(error.orig or error).splitlines()[0][:200])
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001  (the connection is gone; the session is discarded at teardown)
        db.session.close()
    response = make_response(render_error(503))
    response.headers["Retry-After"] = "5"
    return response


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(RuleError, _rule_error)
    app.register_error_handler(500, _server_error)
    app.register_error_handler(OperationalError, _database_unreachable)
