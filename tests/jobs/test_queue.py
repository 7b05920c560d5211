"""The Redis job queue with real workers: jobs run after the commit that made them and never after
a rollback; a failure is retried, then recorded as failed while the other jobs run; a job whose
worker was killed runs again once its lease is over; a job that kills every worker is given up."""

import signal
import time

from marketplace.core.audit import record_event
from marketplace.extensions import db
from marketplace.jobs import enqueue
from marketplace.jobs.queue import new_job
from marketplace.jobs.worker import work
from tests.jobs.conftest import notes, run_burst, start_worker
from tests.jobs.handlers import FAIL, HANG_ONCE, NOTE


def test_a_job_enqueued_with_nothing_uncommitted_is_run_by_a_flask_jobs_work_subprocess(jobs_app, queue):
    with jobs_app.app_context():
        enqueue(NOTE, text=f"{queue.prefix}:hello")
    assert queue.counts()["pending"] == 1

    output = run_burst(jobs_app, queue)

    assert "1 done, 0 to retry, 0 failed" in output
    assert notes(jobs_app, queue.prefix) == [f"{queue.prefix}:hello"]
    assert queue.counts() == {"pending": 0, "processing": 0, "retrying": 0, "failed": 0}


def test_a_job_waits_for_the_commit_of_its_work_and_a_rolled_back_one_never_runs(jobs_app, queue):
    p = queue.prefix
    with jobs_app.app_context():
        record_event("test_setup", subject=f"{p}:undone")
        enqueue(NOTE, text=f"{p}:after-rollback")
        assert queue.counts()["pending"] == 0  # staged: the work is not committed yet
        db.session.rollback()

        record_event("test_setup", subject=f"{p}:done")
        enqueue(NOTE, text=f"{p}:after-commit")
        savepoint = db.session.begin_nested()
        enqueue(NOTE, text=f"{p}:in-a-rolled-back-savepoint")
        savepoint.rollback()
        with db.session.begin_nested():
            enqueue(NOTE, text=f"{p}:in-a-released-savepoint")
        assert queue.counts()["pending"] == 0  # a released savepoint is not a commit
        db.session.commit()
    assert queue.counts()["pending"] == 2

    summary = work(jobs_app, burst=True)

    assert (summary.done, summary.failed) == (2, 0)
    assert notes(jobs_app, p) == [f"{p}:after-commit", f"{p}:in-a-released-savepoint"]


def test_a_failing_job_is_retried_then_recorded_as_failed_without_holding_up_the_others(jobs_app, queue):
    p = queue.prefix
    with jobs_app.app_context():
        enqueue(FAIL, text=f"{p}:failing")
        enqueue(NOTE, text=f"{p}:other")

    summary = work(jobs_app, burst=True)

    assert (summary.done, summary.retried, summary.failed) == (1, 2, 1)  # 3 attempts in all
    assert notes(jobs_app, p) == [f"{p}:other"]  # each failed attempt's write was rolled back
    assert queue.counts() == {"pending": 0, "processing": 0, "retrying": 0, "failed": 1}
    (failure,) = queue.recent_failures()
    assert failure["attempts"] == 3 and failure["error"] == "RuntimeError: this job always fails"
    assert f"{p}:failing" in failure["job"]


def test_a_retry_waits_its_delay_and_a_burst_leaves_it_for_later(jobs_app, queue, monkeypatch):
    monkeypatch.setitem(jobs_app.config, "JOBS_RETRY_SECONDS", 60)
    with jobs_app.app_context():
        enqueue(FAIL, text=f"{queue.prefix}:failing")

    summary = work(jobs_app, burst=True)

    assert (summary.retried, summary.failed) == (1, 0)
    assert queue.counts() == {"pending": 0, "processing": 0, "retrying": 1, "failed": 0}


def test_a_job_left_in_processing_by_a_killed_worker_runs_again_after_its_lease(jobs_app, queue, tmp_path):
    p, marker = queue.prefix, tmp_path / "started"
    worker = start_worker(jobs_app, queue, lease_seconds=2)
    try:
        with jobs_app.app_context():
            enqueue(HANG_ONCE, text=f"{p}:survived", marker=str(marker))
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert worker.poll() is None, worker.stderr.read()
            assert time.monotonic() < deadline, "the worker never started the job"
            time.sleep(0.1)
        time.sleep(3)  # longer than the lease: the running worker keeps renewing it
        assert queue.requeue_abandoned() == 0 and queue.counts()["processing"] == 1
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        worker.stderr.close()
    assert queue.counts()["processing"] == 1  # nobody acknowledged it

    time.sleep(2.5)  # the lease runs out
    output = run_burst(jobs_app, queue)

    assert "1 done" in output
    assert notes(jobs_app, p) == [f"{p}:survived"]
    assert queue.counts() == {"pending": 0, "processing": 0, "retrying": 0, "failed": 0}


def test_a_job_whose_worker_died_on_every_attempt_is_given_up(jobs_app, queue):
    with jobs_app.app_context():
        enqueue(NOTE, text=f"{queue.prefix}:deadly")
    for _attempt in range(jobs_app.config["JOBS_MAX_ATTEMPTS"]):
        claimed = queue.claim()  # a worker takes it and dies with it: its lease is never renewed
        queue.redis.hset(queue.leases, claimed.id, 0)
        assert queue.requeue_abandoned() == 1

    summary = work(jobs_app, burst=True)

    assert (summary.done, summary.failed) == (0, 1)
    assert notes(jobs_app, queue.prefix) == []
    assert "stopped during each of 3 attempts" in queue.recent_failures()[0]["error"]


def test_a_job_nobody_handles_is_recorded_as_failed_at_once(jobs_app, queue):
    queue.push(new_job("tests.nobody", {}))

    summary = work(jobs_app, burst=True)

    assert summary.failed == 1
    failure = queue.recent_failures()[0]
    assert failure["attempts"] == 1 and "no handler" in failure["error"]


def test_jobs_status_counts_the_queue(jobs_app, queue):
    with jobs_app.app_context():
        enqueue(NOTE, text=f"{queue.prefix}:waiting")
    result = jobs_app.test_cli_runner().invoke(args=["jobs", "status"])
    assert result.exit_code == 0
    assert "pending: 1, processing: 0, retrying: 0, failed: 0" in result.output
