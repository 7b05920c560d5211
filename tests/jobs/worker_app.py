"""The app a test's `flask --app tests.jobs.worker_app jobs work` subprocess serves: the test's own
committed database, data folder and RQ queue (from JOBS_TEST_* variables), plus the
test-only jobs of tests.jobs.handlers."""

import os
from pathlib import Path

from marketplace import create_app
from tests.jobs import handlers  # noqa: F401  (registers the test jobs)

app = create_app(
    {
        "APP_ENV": "testing",
        "SECRET_KEY": "jobs-worker-test-secret-key",
        "DATA_DIR": Path(os.environ["JOBS_TEST_DATA_DIR"]),
        "SQLALCHEMY_DATABASE_URI": os.environ["JOBS_TEST_DATABASE_URL"],
        "SERVER_NAME_FOR_MAIL": "http://localhost",
        "JOBS_REDIS_URL": os.environ["REDIS_URL"],
        "JOBS_QUEUE": os.environ["JOBS_TEST_QUEUE"],
        "JOBS_LEASE_SECONDS": float(os.environ.get("JOBS_TEST_LEASE_SECONDS", "60")),
        "JOBS_RETRY_SECONDS": 0,
    }
)
