"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (see the README).

Threaded workers (gthread): a sync worker is held by one client for as long as that client takes to
send its request, so a handful of slow clients trickling header lines froze the whole site. Here a
slow client holds one thread of one worker; the others go on answering (tests/ops/test_slow_clients.py).
The buffering proxy in front (README, "Running in production") is the second line: it reads whole
requests before passing them on.

Each worker is a separate process, so Prometheus metrics are shared through files in
PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode); the folder is emptied at start
and a dead worker's live gauges are dropped.
"""

import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))  # per worker: 4 x 8 requests at once by default
# The longest request line gunicorn reads (its maximum; the default 4,094 cut off long API queries
# with an HTML 414 the OpenAPI document now lists for longer ones).
limit_request_line = 8190
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
# Recycle workers now and then, so that a slow leak never grows for long; but rarely: a worker takes
# about 3 s of CPU to boot and starts with cold caches. At 2,000 (then 50,000) requests a crowd of
# 1,500 req/s per worker restarted one every few seconds (every half minute), and each restart was a
# p99 of one to two seconds on the page being served (bench/bench_pages.py). At a million: a busy
# day's crowd restarts a worker every ten minutes or so, a quiet provincial site once a day.
max_requests = 1_000_000
max_requests_jitter = 50_000
accesslog = None  # the app writes one JSON line per request itself (marketplace.ops.requestlog)
errorlog = "-"

# Set before anything imports prometheus_client: it reads the variable once, at import.
_metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", os.path.join(tempfile.gettempdir(), f"cnnt-metrics-{os.getuid()}")
)


def on_starting(server):
    shutil.rmtree(_metrics_dir, ignore_errors=True)  # values from a previous run would add up
    os.makedirs(_metrics_dir, exist_ok=True)


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
