"""The worker behind `flask jobs work`: RQ's SimpleWorker holding the app (created once per worker
process) and running each job in it, in its own app context and transaction: committed on
success, rolled back on error. While a job runs, a thread renews its heartbeat, so a long import
is not taken for abandoned; once the process dies the heartbeats stop, and RQ's registry cleanup
(when a worker starts, and every JOBS_LEASE_SECONDS in running workers) retries the job."""

import signal
import threading
from dataclasses import dataclass

from flask import Flask
from rq import SimpleWorker
from rq.job import get_current_job

from marketplace.core.unitofwork import unit_of_work
from marketplace.jobs.registry import handler_for, queue_for

_app: Flask | None = None  # the app this worker process runs its jobs in


@dataclass
class WorkSummary:
    done: int = 0
    retried: int = 0
    failed: int = 0


def run_job(name: str, kwargs: dict) -> None:
    """What RQ calls for every job (see registry.RUNNER): the handler registered as `name`, in an
    app context, as one unit of work."""
    global _app
    if _app is None:  # a plain `rq worker` rather than `flask jobs work`
        from marketplace import create_app

        _app = create_app()
    function = handler_for(name)
    if function is None:  # no later attempt can find one: straight to the failed registry
        job = get_current_job()
        if job is not None:
            job.retries_left = 0
        raise LookupError(f"no handler is registered for job {name!r}")
    with _app.app_context(), unit_of_work():
        function(**kwargs)


class AppWorker(SimpleWorker):
    """Jobs run in this process (no fork per job: the app and its connection pools are made once),
    with a heartbeat every third of JOBS_LEASE_SECONDS while each runs."""

    def __init__(self, app: Flask, queues, **kwargs):
        global _app
        _app = app
        self.lease_seconds = max(int(app.config["JOBS_LEASE_SECONDS"]), 1)
        super().__init__(
            queues,
            job_monitoring_interval=max(self.lease_seconds // 3, 1),
            maintenance_interval=self.lease_seconds,
            **kwargs,
        )
        self.summary = WorkSummary()
        self._beating: tuple[threading.Event, threading.Thread] | None = None

    def subscribe(self):
        """RQ's, polling for commands every second rather than every 60 s: redis-py 8 waits for the
        polling thread when the worker stops, which made every worker's exit take up to a minute."""
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler
        )

    def get_heartbeat_ttl(self, job) -> int:
        """How long a running job may go without a heartbeat before it counts as abandoned."""
        return self.lease_seconds

    def execute_job(self, job, queue):
        stop = threading.Event()
        self._beating = (
            stop,
            threading.Thread(target=self._beat, args=(job, stop), daemon=True, name=f"heartbeat-{job.id}"),
        )
        try:
            super().execute_job(job, queue)  # prepare_execution, then perform_job in this thread
        finally:
            self._stop_beating()

    def prepare_execution(self, job):
        execution = super().prepare_execution(job)
        if self._beating is not None:
            self._beating[1].start()
        return execution

    def _beat(self, job, stop: threading.Event) -> None:
        while not stop.wait(self.job_monitoring_interval):
            try:
                self.maintain_heartbeats(job)
            except Exception:  # noqa: BLE001  (Redis away for a moment: try again next interval)
                self.log.warning("Worker %s: heartbeat for job %s failed", self.name, job.id, exc_info=True)

    def _stop_beating(self) -> None:
        """Before the job's execution is cleaned up, so no heartbeat follows its removal."""
        if self._beating is not None:
            stop, thread = self._beating
            stop.set()
            if thread.is_alive():
                thread.join()
            self._beating = None

    def handle_job_success(self, job, queue, started_job_registry):
        self._stop_beating()
        super().handle_job_success(job, queue, started_job_registry)
        self.summary.done += 1

    def handle_job_failure(self, job, queue, started_job_registry=None, exc_string=""):
        self._stop_beating()
        retried = job.should_retry and self._stopped_job_id != job.id
        super().handle_job_failure(job, queue, started_job_registry=started_job_registry, exc_string=exc_string)
        if retried:
            self.summary.retried += 1
        else:
            self.summary.failed += 1


def work(app: Flask, burst: bool = False) -> WorkSummary:
    """Run jobs until SIGTERM/SIGINT (the current job finishes first); with `burst`, until none is
    due, then return. RQ's scheduler runs beside it (moves retries whose delay is over)."""
    queue = queue_for(app)
    worker = AppWorker(app, [queue], connection=queue.connection)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        worker.work(burst=burst, with_scheduler=True, logging_level=app.config["JOBS_LOG_LEVEL"])
    finally:
        for sig, handler in handlers.items():  # RQ's stop handlers go with the worker
            signal.signal(sig, handler)
    return worker.summary
