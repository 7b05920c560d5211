"""Imports started from the web: the stored upload, run by a `flask jobs work` worker when there is
a job queue (REDIS_URL) or else in a background thread, progress committed in batches, and jobs
that died (a restart, a killed thread or worker) found and marked failed."""

import threading
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.catalogue.imports import kept
from marketplace.catalogue.imports.analyse import analyse_loaded_tables, vacuum_search_entries
from marketplace.catalogue.imports.importer import run_import
from marketplace.catalogue.imports.models import DONE, FAILED, QUEUED, RUNNING, ImportJob
from marketplace.catalogue.imports.reader import ImportFileError
from marketplace.catalogue.imports.report import COUNTED, ImportReport
from marketplace.core.models import utcnow
from marketplace.core.unitofwork import commit_now, unit_of_work
from marketplace.extensions import db
from marketplace.jobs import enqueue, queue_configured, register_job
from marketplace.media.names import upload_name

IMPORT_JOB = "catalogue.import"
BATCH_ROWS = 500  # rows per commit: progress shows, and each batch is whole
# A job commits at least every batch, a few seconds apart; one silent this long died with its process.
STALE_AFTER = timedelta(minutes=5)
# The threads this process started, by database and job id, so a thread that died is known at
# once (other processes' jobs are judged by their silence).
_threads: dict[tuple[str, int], threading.Thread] = {}


def thread_of(app: Flask, job_id: int) -> threading.Thread | None:
    return _threads.get((str(app.config["SQLALCHEMY_DATABASE_URI"]), job_id))


def upload_path(job: ImportJob) -> Path:
    folder = Path(current_app.config["DATA_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"job-{job.id}.upload"


class ImportBusy(RuntimeError):
    """Another import is still running; one runs at a time so that two never create the same
    producer at once."""


def queue_import(user, filename: str, data: bytes, dry_run: bool) -> ImportJob:
    """Mark dead jobs failed, refuse while another import runs, then queue this one; the caller
    commits, then calls start_job()."""
    fail_stale_jobs()
    kept.purge_expired()
    if db.session.scalar(select(ImportJob.id).where(ImportJob.status.in_((QUEUED, RUNNING))).limit(1)):
        raise ImportBusy(str(_l("Another import is still running. Wait until it has finished, then try again.")))
    return create_job(user, filename, data, dry_run)


def create_job(user, filename: str, data: bytes, dry_run: bool) -> ImportJob:
    """A queued job with its file stored under DATA_DIR/imports until the job has read it."""
    job = ImportJob(
        created_by_id=user.id, filename=upload_name(filename, "import", 255), dry_run=dry_run, status=QUEUED
    )
    db.session.add(job)
    db.session.flush()
    upload_path(job).write_bytes(data)
    if dry_run:  # so that "Import this file" can follow without a second upload
        kept.keep(job.id, user.id, job.filename, data)
    return job


def start_job(app: Flask, job_id: int) -> threading.Thread | None:
    """Run the committed job: inline when IMPORT_JOBS_INLINE is set, as most tests need; on the job
    queue when there is one (a worker on any host reads the file: DATA_DIR is shared between
    hosts); else in a thread with its own app context (so its own session, connection and
    transaction)."""
    if app.config.get("IMPORT_JOBS_INLINE"):
        _run_in_context(app, job_id)
        return None
    if queue_configured(app):
        enqueue(IMPORT_JOB, job_id=job_id)
        return None
    thread = threading.Thread(target=_run_in_context, args=(app, job_id), name=f"import-{job_id}", daemon=True)
    _threads[(str(app.config["SQLALCHEMY_DATABASE_URI"]), job_id)] = thread
    thread.start()
    return thread


def _run_in_context(app: Flask, job_id: int) -> None:
    with app.app_context(), unit_of_work():  # as a job worker runs it (jobs/worker.py)
        run_job(job_id)


def run_job(job_id: int) -> None:
    # The snapshot's rows must outlive each batch's commit instead of being reloaded one by one.
    db.session().expire_on_commit = False
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status != QUEUED:
        return
    path = upload_path(job)
    job.status, job.started_at = RUNNING, utcnow()
    commit_now()  # the status page shows it running while the rows are read
    try:
        with force_locale(_job_locale(job)):
            report = run_import(
                path.read_bytes(),
                dry_run=job.dry_run,
                actor=job.created_by,
                filename=job.filename,
                on_progress=lambda progress: _save_progress(job, progress),
                progress_every=BATCH_ROWS,
            )
    except ImportFileError as error:
        _fail(job, str(error))
    except Exception as error:  # the job must end as failed, whatever broke
        current_app.logger.exception("import job %s failed", job_id)
        _fail(
            job,
            str(
                _l(
                    "The import stopped on an unexpected error: %(error)s",
                    error=f"{type(error).__name__}: {str(error)[:300]}",
                )
            ),
        )
    else:
        _record_counts(job, report)
        job.report = [line.as_dict() for line in report.lines]
        job.status = DONE
    job.finished_at = utcnow()
    commit_now()  # the job shows done before its statistics are refreshed
    path.unlink(missing_ok=True)
    if job.status == DONE and not job.dry_run and (job.created or job.updated):
        analyse_loaded_tables()  # after the job shows done: statistics are a courtesy to readers
        commit_now()  # VACUUM runs outside any transaction, and would skip a table ANALYZE still holds
        vacuum_search_entries()


register_job(IMPORT_JOB, run_job)


def _job_locale(job: ImportJob) -> str:
    languages = current_app.config["LANGUAGES"]
    locale = job.created_by.locale if job.created_by else None
    return locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _record_counts(job: ImportJob, report: ImportReport) -> None:
    job.total_rows, job.processed_rows = report.total_rows, report.processed_rows
    for name in COUNTED:
        setattr(job, name, getattr(report, name))


def _save_progress(job: ImportJob, report: ImportReport) -> None:
    """Commit the batch just applied with the counts so far: the status page reads them, and the
    commit is the job's heartbeat (updated_at)."""
    _record_counts(job, report)
    job.updated_at = utcnow()
    commit_now()  # each batch stands on its own: an import of 100,000 rows is not one transaction


def _fail(job: ImportJob, message: str) -> None:
    db.session.rollback()  # whole batches already committed stay; the unfinished one goes
    job.status, job.error = FAILED, message


def is_stale(job: ImportJob) -> bool:
    """A queued or running job that can no longer finish: its thread in this process is gone, or
    it has not committed for STALE_AFTER (its process died)."""
    if job.status not in (QUEUED, RUNNING):
        return False
    thread = thread_of(current_app, job.id)
    if thread is not None and not thread.is_alive():
        # The page may have read the job just before its thread's last commit (a SQLite reader keeps
        # its snapshot): a thread that ended after finishing its job has not died.
        return _unfinished_now(job.id)
    return job.updated_at is not None and utcnow() - job.updated_at > STALE_AFTER


def _unfinished_now(job_id: int) -> bool:
    """The job's status as committed now, read on a connection of its own (not this session's
    snapshot)."""
    with db.engine.connect() as connection:
        status = connection.scalar(select(ImportJob.status).where(ImportJob.id == job_id))
    return status in (QUEUED, RUNNING)


STALE_MESSAGE = _l(
    "The import stopped before it finished (the server restarted or the job died). "
    "Rows already imported are kept; import the file again to finish: rows already "
    "imported will be left unchanged."
)


def fail_stale_jobs() -> int:
    """Mark every stale job failed; called before a new import starts. Returns how many."""
    count = 0
    for job in db.session.scalars(select(ImportJob).where(ImportJob.status.in_((QUEUED, RUNNING)))):
        if is_stale(job):
            job.status, job.error, job.finished_at = FAILED, str(STALE_MESSAGE), utcnow()
            upload_path(job).unlink(missing_ok=True)
            _threads.pop((str(current_app.config["SQLALCHEMY_DATABASE_URI"]), job.id), None)
            count += 1
    return count
