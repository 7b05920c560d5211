"""The RQ job queue with real workers: jobs run after the commit that made them and never after a
rollback; a failure is retried, then lands in RQ's failed registry while the other jobs run; a job
whose worker was killed runs again once its heartbeat is over; a job that kills every worker is
given up."""

import os
import signal
import time
from pathlib import Path

from marketplace.core.audit import record_event
from marketplace.extensions import db
from marketplace.jobs import enqueue
from marketplace.jobs.cli import counts, failure_reason, recent_failures
from marketplace.jobs.registry import RUNNER
from marketplace.jobs.worker import work
from tests.jobs.conftest import notes, run_burst, start_worker
from tests.jobs.handlers import FAIL, HANG, HANG_ONCE, NOTE

EMPTY = {"queued": 0, "started": 0, "scheduled": 0, "failed": 0}


def test_a_job_enqueued_with_nothing_uncommitted_is_run_by_a_flask_jobs_work_subprocess(jobs_app, queue):
    with jobs_app.app_context():
        enqueue(NOTE, text=f"{queue.name}:hello")
    assert counts(queue)["queued"] == 1

    output = run_burst(jobs_app, queue)

    assert "1 done, 0 to retry, 0 failed" in output
    assert notes(jobs_app, queue.name) == [f"{queue.name}:hello"]
    assert counts(queue) == EMPTY


def test_a_job_waits_for_the_commit_of_its_work_and_a_rolled_back_one_never_runs(jobs_app, queue):
    p = queue.name
    with jobs_app.app_context():
        record_event("test_setup", subject=f"{p}:undone")
        enqueue(NOTE, text=f"{p}:after-rollback")
        assert counts(queue)["queued"] == 0  # staged: the work is not committed yet
        db.session.rollback()

        record_event("test_setup", subject=f"{p}:done")
        enqueue(NOTE, text=f"{p}:after-commit")
        savepoint = db.session.begin_nested()
        enqueue(NOTE, text=f"{p}:in-a-rolled-back-savepoint")
        savepoint.rollback()
        with db.session.begin_nested():
            enqueue(NOTE, text=f"{p}:in-a-released-savepoint")
        assert counts(queue)["queued"] == 0  # a released savepoint is not a commit
        db.session.commit()
    assert counts(queue)["queued"] == 2

    summary = work(jobs_app, burst=True)

    assert (summary.done, summary.failed) == (2, 0)
    assert notes(jobs_app, p) == [f"{p}:after-commit", f"{p}:in-a-released-savepoint"]


def test_a_failing_job_is_retried_then_recorded_as_failed_without_holding_up_the_others(jobs_app, queue):
    p = queue.name
    with jobs_app.app_context():
        enqueue(FAIL, text=f"{p}:failing")
        enqueue(NOTE, text=f"{p}:other")

    summary = work(jobs_app, burst=True)

    assert (summary.done, summary.retried, summary.failed) == (1, 2, 1)  # 3 attempts in all
    assert notes(jobs_app, p) == [f"{p}:other"]  # each failed attempt's write was rolled back
    assert counts(queue) == {**EMPTY, "failed": 1}
    (failure,) = recent_failures(queue)
    assert (failure.func_name, failure.args) == (RUNNER, (FAIL, {"text": f"{p}:failing"}))
    assert failure.retries_left == 0 and failure_reason(failure) == "RuntimeError: this job always fails"


def test_a_retry_waits_its_delay_and_a_burst_leaves_it_for_later(jobs_app, queue, monkeypatch):
    monkeypatch.setitem(jobs_app.config, "JOBS_RETRY_SECONDS", 60)
    with jobs_app.app_context():
        enqueue(FAIL, text=f"{queue.name}:failing")

    summary = work(jobs_app, burst=True)

    assert (summary.retried, summary.failed) == (1, 0)
    assert counts(queue) == {**EMPTY, "scheduled": 1}  # in RQ's scheduled registry until its time


def _wait_for(path: Path, lines: int, worker) -> None:
    deadline = time.monotonic() + 60
    while not path.exists() or len(path.read_text().splitlines()) < lines:
        assert worker.poll() is None, worker.stderr.read()
        assert time.monotonic() < deadline, "the worker never started the job"
        time.sleep(0.1)


def _kill(worker) -> None:
    """SIGKILL to the worker and the RQ scheduler it forked (its process group)."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    worker.stderr.close()


def test_a_job_left_started_by_a_killed_worker_runs_again_after_its_heartbeat(jobs_app, queue, tmp_path):
    p, marker = queue.name, tmp_path / "started"
    worker = start_worker(jobs_app, queue, lease_seconds=2)
    try:
        with jobs_app.app_context():
            enqueue(HANG_ONCE, text=f"{p}:survived", marker=str(marker))
        _wait_for(marker, 1, worker)
        time.sleep(3)  # longer than the heartbeat's time to live: the running worker renews it
        queue.started_job_registry.cleanup()  # what a worker's maintenance does: nothing abandoned yet
        assert counts(queue) == {**EMPTY, "started": 1}
    finally:
        _kill(worker)
    assert counts(queue) == {**EMPTY, "started": 1}  # nobody finished it

    time.sleep(2.5)  # its last heartbeat runs out
    output = run_burst(jobs_app, queue)  # a worker's start cleans the registries up: RQ retries it

    assert "1 done" in output
    assert notes(jobs_app, p) == [f"{p}:survived"]
    assert counts(queue) == EMPTY


def test_a_job_whose_worker_died_on_every_attempt_is_given_up(jobs_app, queue, tmp_path):
    marker = tmp_path / "starts"
    with jobs_app.app_context():
        enqueue(HANG, marker=str(marker))
    for attempt in range(1, jobs_app.config["JOBS_MAX_ATTEMPTS"] + 1):
        worker = start_worker(jobs_app, queue, lease_seconds=2)
        try:
            _wait_for(marker, attempt, worker)
        finally:
            _kill(worker)
        time.sleep(2.5)

    assert "0 done" in run_burst(jobs_app, queue)

    assert counts(queue) == {**EMPTY, "failed": 1}
    (failure,) = recent_failures(queue)
    assert "AbandonedJobError" in failure_reason(failure)
    assert len(marker.read_text().splitlines()) == 3


def test_a_job_nobody_handles_is_recorded_as_failed_at_once(jobs_app, queue):
    queue.enqueue(RUNNER, "tests.nobody", {})

    summary = work(jobs_app, burst=True)

    assert (summary.retried, summary.failed) == (0, 1)
    (failure,) = recent_failures(queue)
    assert len(failure.results()) == 1 and "no handler" in failure_reason(failure)


def test_jobs_status_counts_the_queue(jobs_app, queue):
    with jobs_app.app_context():
        enqueue(NOTE, text=f"{queue.name}:waiting")
    result = jobs_app.test_cli_runner().invoke(args=["jobs", "status"])
    assert result.exit_code == 0
    assert "queued: 1, started: 0, scheduled: 0, failed: 0" in result.output
