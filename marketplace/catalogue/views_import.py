"""The centre's staff import producer and product lists: upload, progress, report, past imports."""

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.catalogue.blueprint import bp
from marketplace.catalogue.imports import jobs, kept, queries
from marketplace.catalogue.imports.forms import ImportForm, max_upload_bytes, size_text
from marketplace.catalogue.imports.models import ImportJob
from marketplace.catalogue.imports.permissions import can_import_catalogue
from marketplace.catalogue.imports.reader import COLUMNS
from marketplace.catalogue.imports.report import report_csv, template_csv
from marketplace.core.downloads import attachment
from marketplace.core.pagination import page_number, paginate
from marketplace.core.templating import account_link
from marketplace.core.unitofwork import commit_now
from marketplace.extensions import db

PREFIX = "/manage/imports"
PER_PAGE = 20

account_link("catalogue.imports", _l("Import producer and product lists"), can_import_catalogue)


def _staff_only() -> None:
    if not can_import_catalogue(current_user):
        abort(403)


def _staff_job(job_id: int):
    """Check → load: 403 for anyone but staff (before any 404, so ids tell outsiders nothing)."""
    _staff_only()
    return db.get_or_404(ImportJob, job_id)


@bp.route(PREFIX)
@login_required
def imports():
    _staff_only()
    page = paginate(queries.jobs_query(), page_number(request.args.get("page")), PER_PAGE)
    return render_template(
        "catalogue/import/list.html", page=page, shown_status=queries.shown_status, running=queries.running_job()
    )


def _form_page(form: ImportForm, status: int = 200, busy: str | None = None):
    """The upload form; `busy` is a message shown above it (another import runs, a kept file expired)."""
    page = render_template(
        "catalogue/import/new.html", form=form, busy=busy, columns=list(COLUMNS), max_size=size_text(max_upload_bytes())
    )
    return page, status


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"])
@login_required
def import_new():
    _staff_only()
    form = ImportForm()
    if not form.validate_on_submit():
        return _form_page(form, 422 if form.is_submitted() else 200)
    return _queue(form, form.file.data.filename, form.data_bytes, form.dry_run.data)


def _queue(form: ImportForm, filename: str, data: bytes, dry_run: bool, done=None):
    try:
        job = jobs.queue_import(current_user, filename, data, dry_run)
    except jobs.ImportBusy as busy:
        commit_now()  # dead jobs found on the way stay marked failed, though the answer (409) rolls back
        return _form_page(form, 409, busy=str(busy))
    job_id = job.id  # read before the commit expires it: the job's own session takes over from here
    commit_now()  # the import runs in its own session (a thread, a worker), which must find the job
    if done is not None:
        done()
    jobs.start_job(current_app._get_current_object(), job_id)
    return redirect(url_for("catalogue.import_job", job_id=job_id), code=303)


@bp.route(f"{PREFIX}/kept/<kept_id>", methods=["POST"])
@login_required
def import_kept(kept_id: str):
    """Import for real the file a dry run checked, kept an hour for its uploader."""
    _staff_only()  # the form's CSRF token is checked by CSRFProtect before this runs
    found = kept.find(kept_id, current_user)
    if found is None:
        return _form_page(ImportForm(formdata=None), 410, busy=str(KEPT_GONE))
    return _queue(
        ImportForm(formdata=None), found.filename, found.path.read_bytes(), False, done=lambda: kept.discard(found)
    )


KEPT_GONE = _l(
    "The file you checked is no longer kept (a checked file is kept for an hour, for the account that "
    "uploaded it). Upload it again to import it."
)


@bp.route(f"{PREFIX}/<int:job_id>")
@login_required
def import_job(job_id: int):
    job = _staff_job(job_id)
    return render_template(
        "catalogue/import/job.html",
        page=queries.job_page(job),
        job=job,
        shown_lines=queries.SHOWN_LINES,
        kept_file=kept.for_job(job, current_user),
    )


@bp.route(f"{PREFIX}/<int:job_id>/report.csv")
@login_required
def import_report(job_id: int):
    job = _staff_job(job_id)
    if job.report is None:
        abort(404)
    return attachment(report_csv(job.report), "text/csv", f"import-{job.id}-report.csv")


@bp.route(f"{PREFIX}/template.csv")
@login_required
def import_template():
    """An empty list with every column, Vietnamese headers and one example row."""
    _staff_only()
    return attachment(template_csv(), "text/csv", "mau-danh-sach-cnnt.csv")
