"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py wsgi:app` (see the README).

Each worker is a separate process, so Prometheus metrics are shared through files in
PROMETHEUS_MULTIPROC_DIR (prometheus_client's multiprocess mode); the folder is emptied at start
and a dead worker's live gauges are dropped.
"""

import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
max_requests = 2000  # recycle workers now and then: a slow leak never grows for long
max_requests_jitter = 200
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
