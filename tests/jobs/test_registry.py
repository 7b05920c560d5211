"""Enqueueing without Redis: what is refused before anything is queued, and the worker command
explains that without REDIS_URL there is no queue (work runs in-process)."""

from datetime import date

import pytest

from marketplace.jobs import enqueue, queue_configured, register_job
from tests.jobs.handlers import NOTE


def test_an_unknown_job_or_arguments_that_are_not_json_are_refused(app):
    with app.app_context():
        with pytest.raises(LookupError):
            enqueue("tests.nobody")
        with pytest.raises(TypeError, match="plain JSON values"):
            enqueue(NOTE, text=date.today())


def test_one_name_cannot_have_two_handlers():
    with pytest.raises(ValueError, match="registered twice"):
        register_job(NOTE, lambda text: None)


def test_without_redis_there_is_no_queue_and_the_worker_command_says_why(app):
    assert not queue_configured(app)
    with app.app_context(), pytest.raises(RuntimeError, match="REDIS_URL"):
        enqueue(NOTE, text="x")
    result = app.test_cli_runner().invoke(args=["jobs", "work", "--burst"])
    assert result.exit_code == 1 and "REDIS_URL is not set" in result.output
