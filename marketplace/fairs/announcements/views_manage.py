"""The organiser's announcement pages: write, publish (a call is then mailed), take back."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.awards.queries import visible_programmes
from marketplace.core.forms import show_refusal
from marketplace.core.templating import account_link
from marketplace.extensions import db
from marketplace.fairs import queries as fair_queries
from marketplace.fairs.announcements import mailing, queries, services
from marketplace.fairs.announcements.forms import KIND_LABELS, AnnouncementForm, ConfirmForm
from marketplace.fairs.announcements.models import CALL, Announcement
from marketplace.fairs.blueprint import bp
from marketplace.fairs.permissions import can_manage_fairs
from marketplace.jobs import enqueue, queue_configured

account_link("fairs.manage_announcements", _l("Announcements: news and calls"), can_manage_fairs)
PREFIX = "/manage/announcements"
INLINE_MAIL_LIMIT = 200  # more than this is left to a job worker or `flask fairs mail-calls` (a request must end)


def _staff_only() -> None:
    if not can_manage_fairs(current_user):
        abort(403)


@bp.route(f"{PREFIX}/")
@login_required
def manage_announcements():
    _staff_only()
    return render_template(
        "fairs/announcements/manage.html",
        announcements=queries.all_announcements(),
        kind_labels=KIND_LABELS,
        form=ConfirmForm(formdata=None),
    )


def _form_page(form, found=None, status=200):
    return render_template("fairs/announcements/form.html", form=form, announcement=found), status


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"], defaults={"announcement_id": None})
@bp.route(f"{PREFIX}/<int:announcement_id>", methods=["GET", "POST"])
@login_required
def announcement_edit(announcement_id: int | None):
    _staff_only()
    found = db.get_or_404(Announcement, announcement_id) if announcement_id else None
    form = AnnouncementForm(obj=found)
    form.set_choices(fair_queries.all_fairs(), visible_programmes(staff=True))
    if not form.validate_on_submit():
        return _form_page(form, found, 422 if form.is_submitted() else 200)
    try:
        saved = services.save_announcement(form.data, current_user, found)
    except services.AnnouncementError as error:
        show_refusal(form, error)
        return _form_page(form, found, error.status)
    flash(_("The announcement is saved. Publish it when it is ready."), "success")
    return redirect(url_for("fairs.announcement_edit", announcement_id=saved.id), code=303)


@bp.route(f"{PREFIX}/<int:announcement_id>/publish", methods=["POST"])
@login_required
def announcement_publish(announcement_id: int):
    _staff_only()
    found = db.get_or_404(Announcement, announcement_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    first = services.publish_announcement(found, current_user)
    if found.kind == CALL and first:
        _mail_call(found)
    else:
        flash(_("The announcement is published."), "success")
    return redirect(url_for("fairs.manage_announcements"), code=303)


def _mail_call(call: Announcement) -> None:
    """Mail the subscribers, at most INLINE_MAIL_LIMIT now (send_call commits the publication with the
    first batch); a job worker mails the rest when there is a job queue, else the scheduled command does."""
    call_id = call.id
    try:
        sent, left = mailing.send_call(call, limit=current_app.config.get("FAIRS_CALL_MAIL_INLINE", INLINE_MAIL_LIMIT))
    except mailing.CallMailStopped:  # the mail server did not answer: published anyway, mailed later
        current_app.logger.exception("call %s: mailing stopped", call.id)
        flash(
            _(
                "The call is published, but the mail server did not answer: the scheduled job "
                "(flask fairs mail-calls) will email it."
            ),
            "warning",
        )
        return
    flash(_("The call is published and emailed to %(n)s producer(s).", n=sent), "success")
    if left and queue_configured():
        enqueue(mailing.CALL_MAIL_JOB, announcement_id=call_id)
        flash(_("%(n)s more will be emailed in the next few minutes.", n=left), "success")
    elif left:
        flash(_("%(n)s more will be emailed by the scheduled job (flask fairs mail-calls).", n=left), "warning")


@bp.route(f"{PREFIX}/<int:announcement_id>/unpublish", methods=["POST"])
@login_required
def announcement_unpublish(announcement_id: int):
    _staff_only()
    found = db.get_or_404(Announcement, announcement_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    services.unpublish_announcement(found, current_user)
    flash(_("The announcement is taken off the site."), "success")
    return redirect(url_for("fairs.manage_announcements"), code=303)
