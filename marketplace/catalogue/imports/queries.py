"""Reads for the import pages: past imports, and one job's progress and report, ready to show."""

from dataclasses import dataclass

from sqlalchemy import select

from marketplace.catalogue.imports.jobs import STALE_MESSAGE, is_stale
from marketplace.catalogue.imports.models import DONE, FAILED, QUEUED, RUNNING, ImportJob
from marketplace.catalogue.imports.report import REJECTED, WARNING, line_text
from marketplace.extensions import db

SHOWN_LINES = 200  # per kind on the page; the downloadable report holds every line


@dataclass
class JobPage:
    job: ImportJob
    status: str  # the job's status, or "failed" for a job that died without saying so
    error: str | None
    percent: int
    refresh: bool  # the page reloads itself while the job runs (no JavaScript needed)
    rejected: list[dict]
    warnings: list[dict]


def jobs_query():
    return select(ImportJob).order_by(ImportJob.created_at.desc(), ImportJob.id.desc())


def running_job() -> ImportJob | None:
    """A job still queued or running (and not dead): only one import runs at a time."""
    jobs = db.session.scalars(select(ImportJob).where(ImportJob.status.in_((QUEUED, RUNNING))))
    return next((job for job in jobs if not is_stale(job)), None)


def shown_status(job: ImportJob) -> str:
    return FAILED if is_stale(job) else job.status


def job_page(job: ImportJob) -> JobPage:
    status = shown_status(job)
    error = job.error if status == job.status else str(STALE_MESSAGE)
    # Each reason in the reader's language: the report keeps what it needs to translate it again.
    lines = [{**line, "text": line_text(line)} for line in job.report or [] if line["status"] in (REJECTED, WARNING)]
    return JobPage(
        job=job,
        status=status,
        error=error,
        percent=100 if status == DONE else job.percent,
        refresh=status in (QUEUED, RUNNING),
        rejected=[line for line in lines if line["status"] == REJECTED][:SHOWN_LINES],
        warnings=[line for line in lines if line["status"] == WARNING][:SHOWN_LINES],
    )
