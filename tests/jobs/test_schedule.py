"""Periodic work on RQ's cron scheduler (`flask jobs schedule`): jobs on an interval are enqueued
at its start and run by a worker like any other; daily ones wait for their hour; a name nobody
registered stops the scheduler before it starts."""

import pytest

from marketplace.jobs.cli import counts
from marketplace.jobs.schedule import build_scheduler
from tests.jobs.conftest import run_burst


def test_the_scheduler_enqueues_the_periodic_jobs_that_are_due_and_a_worker_runs_them(jobs_app, queue):
    scheduler = build_scheduler(jobs_app)
    assert {job.name for job in scheduler.get_jobs()} == set(jobs_app.config["JOBS_SCHEDULE"])

    due = scheduler.enqueue_jobs()

    assert {job.name for job in due} == {"fairs.sweep", "fairs.mail_calls"}  # the daily ones wait
    assert counts(queue)["queued"] == 2
    assert "2 done, 0 to retry, 0 failed" in run_burst(jobs_app, queue)
    assert counts(queue) == {"queued": 0, "started": 0, "scheduled": 0, "failed": 0}


def test_a_schedule_naming_an_unknown_job_is_refused(jobs_app, queue, monkeypatch):
    monkeypatch.setitem(jobs_app.config, "JOBS_SCHEDULE", {"fairs.nothing": {"interval": 60}})
    with pytest.raises(LookupError, match="fairs.nothing"):
        build_scheduler(jobs_app)
