"""Prometheus metrics: request counts and latencies per route, and counters areas add for their events.

Under gunicorn every worker is a process of its own; with PROMETHEUS_MULTIPROC_DIR set (see
gunicorn.conf.py) prometheus_client writes each worker's values to files there and /metrics adds
them up, so any worker answers for all. Without it (one process: `make run`, tests) the values
live in memory. /metrics answers only to `Authorization: Bearer METRICS_TOKEN`; with no token set
it does not exist (404), so it is never public by accident.
"""

import hmac
import os
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest

from marketplace.core.aftercommit import after_commit

bp = Blueprint("ops", __name__)

# Buckets in seconds, from a cached page (5 ms) to a slow search on a cold cache (5 s).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

REQUESTS = Counter(
    "cnnt_http_requests_total",
    "HTTP requests answered, by route (endpoint), method and status.",
    ["endpoint", "method", "status"],
)
LATENCY = Histogram(
    "cnnt_http_request_duration_seconds",
    "Time to answer an HTTP request, by route (endpoint) and method.",
    ["endpoint", "method"],
    buckets=LATENCY_BUCKETS,
)
_COUNTERS: dict[str, Counter] = {}


def event_counter(name: str, documentation: str, labels: tuple[str, ...] = ()) -> Counter:
    """A counter an area increments for its own events (bookings held, payments confirmed, votes cast):
    `event_counter("cnnt_votes_total", "Public votes cast.", ("award",)).labels(award="2026").inc()`.
    Call at import time of the area's module; asking twice for one name returns the same counter."""
    if name not in _COUNTERS:
        _COUNTERS[name] = Counter(name, documentation, list(labels))
    return _COUNTERS[name]


def count_on_commit(counter: Counter, amount: float = 1, **labels: str) -> None:
    """Count an event of the current unit of work once it commits: a booking whose transaction rolls
    back (lost race, bad input further on) was never made, so it must not show in the figures."""
    after_commit(lambda: (counter.labels(**labels) if labels else counter).inc(amount))


def _started() -> None:
    g.metrics_started = time.perf_counter()


def _observed(response):
    started = g.pop("metrics_started", None)
    endpoint = request.endpoint or "unmatched"  # a route name, never the raw path: bounded label values
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    if started is not None:
        LATENCY.labels(endpoint, request.method).observe(time.perf_counter() - started)
    return response


def _registry():
    """The process's own values, or every gunicorn worker's when multiprocess mode is on."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        from prometheus_client import REGISTRY

        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=folder)
    return registry


def _authorised() -> bool:
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@bp.route("/metrics")
def metrics():
    if not current_app.config.get("METRICS_TOKEN"):
        abort(404)
    if not _authorised():
        response = Response("A bearer token is required.\n", status=401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    response = Response(generate_latest(_registry()), mimetype=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.before_request_funcs.setdefault(None, []).insert(0, _started)
    app.after_request(_observed)
    app.register_blueprint(bp)
