"""One JSON line per request, carrying a request id that the response echoes in X-Request-ID."""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# An id from a proxy or a client is kept only when it is short and plain: it ends up in log lines.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
logger = logging.getLogger("marketplace.request")


class JsonLineFormatter(logging.Formatter):
    """A log record as one JSON object: what log shippers (journald, Loki, CloudWatch) parse as is."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(getattr(record, "fields", {}))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def request_id() -> str | None:
    return g.get("request_id")


def _incoming_id() -> str | None:
    raw = request.headers.get(REQUEST_ID_HEADER, "")
    return raw if SANE_REQUEST_ID.fullmatch(raw) else None


def _start() -> None:
    g.request_id = _incoming_id() or uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _user_id() -> int | None:
    from flask_login import current_user

    user = current_user._get_current_object() if current_user else None
    return getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None


def _finish(response):
    rid = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = rid
    started = g.get("request_started")
    duration_ms = round((time.perf_counter() - started) * 1000, 2) if started else None
    fields = {
        "request_id": rid,
        "method": request.method,
        "path": request.path,
        "endpoint": request.endpoint,
        "status": response.status_code,
        "duration_ms": duration_ms,
        "remote_addr": request.remote_addr,
        "user_id": _user_id(),
        "bytes": response.calculate_content_length(),
    }
    level = logging.ERROR if response.status_code >= 500 else logging.INFO
    logger.log(level, "%s %s %s", request.method, request.path, response.status_code, extra={"fields": fields})
    return response


def configure_logging(app: Flask) -> None:
    """Outside tests, request lines go to stderr as JSON (gunicorn and systemd collect stderr)."""
    if app.testing or any(isinstance(h.formatter, JsonLineFormatter) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLineFormatter())
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def init_app(app: Flask) -> None:
    configure_logging(app)
    # First of all before-request hooks, so a request refused early (CSRF, rate limit) has its id too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)
