"""Imports started from the web: stored upload, a background thread, progress in batches."""

import threading
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from marketplace.catalogue.imports.importer import after_import, run_import
from marketplace.catalogue.imports.models import DONE, FAILED, QUEUED, RUNNING, ImportJob
from marketplace.catalogue.imports.reader import ImportFileError
from marketplace.catalogue.imports.report import COUNTED, ImportReport
from marketplace.core.models import utcnow
from marketplace.extensions import db

BATCH_ROWS = 500  # rows per commit: progress shows, and each batch is whole
STALE_AFTER = timedelta(minutes=15)  # a running job silent this long died with its process


def upload_path(job: ImportJob) -> Path:
    folder = Path(current_app.config["DATA_DIR"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"job-{job.id}.upload"


def create_job(user, filename: str, data: bytes, dry_run: bool) -> ImportJob:
    """A queued job with its file stored under DATA_DIR/imports until the job has read it."""
    job = ImportJob(created_by_id=user.id, filename=filename[:255] or "import", dry_run=dry_run,
                    status=QUEUED)
    db.session.add(job)
    db.session.flush()
    upload_path(job).write_bytes(data)
    return job


def start_job(app: Flask, job_id: int) -> None:
    """Run the job in a thread with its own app context (and so its own session and
    transaction); inline when IMPORT_JOBS_INLINE is set, as tests need."""
    if app.config.get("IMPORT_JOBS_INLINE"):
        _run_in_context(app, job_id)
        return
    thread = threading.Thread(target=_run_in_context, args=(app, job_id), name=f"import-{job_id}",
                              daemon=True)
    thread.start()


def _run_in_context(app: Flask, job_id: int) -> None:
    with app.app_context():
        run_job(job_id)


def run_job(job_id: int) -> None:
    # The snapshot's rows must outlive each batch's commit instead of being reloaded one by one.
    db.session().expire_on_commit = False
    job = db.session.get(ImportJob, job_id)
    if job is None or job.status != QUEUED:
        return
    path = upload_path(job)
    job.status, job.started_at = RUNNING, utcnow()
    db.session.commit()
    report = None
    try:
        with force_locale(_job_locale(job)):
            report = run_import(
                path.read_bytes(), dry_run=job.dry_run, actor=job.created_by, filename=job.filename,
                on_progress=lambda progress: _save_progress(job, progress), progress_every=BATCH_ROWS,
            )
            db.session.flush()
    except ImportFileError as error:
        _fail(job, str(error))
    except Exception as error:  # the job must end as failed, whatever broke
        current_app.logger.exception("import job %s failed", job_id)
        _fail(job, str(_l("The import stopped on an unexpected error: %(error)s",
                          error=f"{type(error).__name__}: {str(error)[:300]}")))
    else:
        _record_counts(job, report)
        job.report = [line.as_dict() for line in report.lines]
        job.status = DONE
    job.finished_at = utcnow()
    db.session.commit()
    path.unlink(missing_ok=True)
    if job.status == DONE and not job.dry_run:
        after_import(report.changed_product_ids)


def _job_locale(job: ImportJob) -> str:
    languages = current_app.config["LANGUAGES"]
    locale = job.created_by.locale if job.created_by else None
    return locale if locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]


def _record_counts(job: ImportJob, report: ImportReport) -> None:
    job.total_rows, job.processed_rows = report.total_rows, report.processed_rows
    for name in COUNTED:
        setattr(job, name, getattr(report, name))


def _save_progress(job: ImportJob, report: ImportReport) -> None:
    _record_counts(job, report)
    db.session.commit()


def _fail(job: ImportJob, message: str) -> None:
    db.session.rollback()  # whole batches already committed stay; the unfinished one goes
    job.status, job.error = FAILED, message


def is_stale(job: ImportJob) -> bool:
    return job.status in (QUEUED, RUNNING) and job.updated_at is not None and (
        utcnow() - job.updated_at > STALE_AFTER
    )
