"""Meeting pages: an exhibitor's slots, a buyer's request, both sides' agenda, and the answers."""

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.core.models import utcnow
from marketplace.core.permissions import BUYER, PRODUCER, has_role
from marketplace.core.templating import account_link
from marketplace.extensions import db, limiter
from marketplace.fairs.blueprint import bp
from marketplace.fairs.exhibitors import exhibiting, is_exhibitor
from marketplace.fairs.forms import options
from marketplace.fairs.loading import visible_fair
from marketplace.fairs.meetings import notifications, queries, services
from marketplace.fairs.meetings.forms import AnswerForm, MeetingRequestForm, SlotSeriesForm
from marketplace.fairs.meetings.models import Meeting, MeetingSlot
from marketplace.fairs.meetings.permissions import (
    BUYER_SIDE,
    EXHIBITOR_SIDE,
    can_act_for_exhibitor,
    can_request_meetings,
    side_of,
)
from marketplace.fairs.permissions import bookable_producers
from marketplace.producers.models import Producer

account_link("fairs.meetings", _l("My meetings at fairs"), lambda user: has_role(user, BUYER, PRODUCER))


# --- the exhibitor's slots ----------------------------------------------------------------------


def _exhibitor_for(fair, wanted_id: int | None) -> tuple[Producer, list[Producer]]:
    mine = exhibiting(fair, bookable_producers(current_user))
    if not mine:
        abort(403)
    return next((p for p in mine if p.id == wanted_id), mine[0]), mine


def _slots_page(fair, producer, producers, form, status=200, error=None):
    return render_template(
        "fairs/meetings/slots.html",
        fair=fair,
        producer=producer,
        producers=producers,
        form=form,
        error=error,
        views=queries.slots_of(fair, producer, include_past=True),
    ), status


@bp.route("/<int:fair_id>/slots", methods=["GET", "POST"])
@login_required
def meeting_slots(fair_id: int):
    fair = visible_fair(fair_id)
    producer, producers = _exhibitor_for(fair, request.values.get("producer", type=int))
    form = SlotSeriesForm()
    form.set_days(fair)
    if not form.validate_on_submit():
        return _slots_page(fair, producer, producers, form, 422 if form.is_submitted() else 200)
    try:
        slots = services.offer_slots(
            fair,
            producer,
            current_user,
            date.fromisoformat(form.day.data),
            form.start.data,
            form.minutes.data,
            form.count.data,
        )
    except services.MeetingError as error:  # shown on the page; the 4xx rolls the series back
        return _slots_page(fair, producer, producers, form, error.status, str(error))
    flash(_("%(n)s slot(s) offered to buyers.", n=len(slots)), "success")
    return redirect(url_for("fairs.meeting_slots", fair_id=fair.id, producer=producer.id), code=303)


@bp.route("/slots/<int:slot_id>/withdraw", methods=["POST"])
@login_required
def meeting_slot_withdraw(slot_id: int):
    slot = db.session.get(MeetingSlot, slot_id)
    if slot is None or not can_act_for_exhibitor(current_user, slot.producer):
        abort(404)
    fair_id, producer_id = slot.fair_id, slot.producer_id
    try:
        services.withdraw_slot(slot)
    except services.MeetingError as error:  # refused before anything changed: the redirect commits nothing
        flash(str(error), "error")
    else:
        flash(_("The slot is no longer offered."), "success")
    return redirect(url_for("fairs.meeting_slots", fair_id=fair_id, producer=producer_id), code=303)


# --- the buyer's request ------------------------------------------------------------------------


def _request_page(fair, producer, form, status=200, error=None):
    slots = queries.free_slots(fair, producer)
    form.slot.choices = options((slot.id, slot.id) for slot in slots)
    return render_template(
        "fairs/meetings/request.html",
        fair=fair,
        producer=producer,
        form=form,
        slots=slots,
        error=error,
        may_request=can_request_meetings(current_user),
        is_buyer=has_role(current_user, BUYER),
    ), status


@bp.route("/<int:fair_id>/exhibitors/<int:producer_id>/meet", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def meeting_request(fair_id: int, producer_id: int):
    fair = visible_fair(fair_id)
    producer = db.session.get(Producer, producer_id)
    if producer is None or not is_exhibitor(fair, producer):
        abort(404)
    form = MeetingRequestForm()
    if request.method == "GET":
        return _request_page(fair, producer, form)
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not can_request_meetings(current_user):
        return _request_page(fair, producer, form, 403)
    free = {slot.id: slot for slot in queries.free_slots(fair, producer)}
    form.slot.choices = options((slot_id, slot_id) for slot_id in free)
    if not form.validate_on_submit():
        raw = (form.slot.raw_data or [""])[0]
        taken = raw.isdigit() and int(raw) not in free
        return _request_page(
            fair,
            producer,
            form,
            409 if taken else 422,
            _("This time is no longer free. Please choose another.") if taken else None,
        )
    try:
        meeting = services.request_meeting(free[form.slot.data], current_user, form.message.data)
    except services.MeetingError as error:
        return _request_page(
            fair, producer, MeetingRequestForm(formdata=None, message=form.message.data), error.status, str(error)
        )
    notifications.send_request(meeting)  # sent once the request is committed
    flash(_("Your request is sent. The exhibitor will accept or decline it; we will email you."), "success")
    return redirect(url_for("fairs.meeting", meeting_id=meeting.id), code=303)


# --- both sides ---------------------------------------------------------------------------------


@bp.route("/meetings")
@login_required
def meetings():
    now = utcnow()
    if has_role(current_user, BUYER):
        agenda, side = queries.buyer_agenda(current_user), BUYER_SIDE
    else:
        agenda, side = queries.exhibitor_agenda(bookable_producers(current_user)), EXHIBITOR_SIDE
    return render_template(
        "fairs/meetings/agenda.html",
        side=side,
        now=now,
        booths=queries.booths_of_exhibitors(agenda),
        waiting=[m for m in agenda if m.status == "requested" and m.slot.starts_at > now],
        upcoming=[m for m in agenda if m.status == "accepted" and m.slot.ends_at > now],
        others=[m for m in agenda if not (m.is_live and m.slot.ends_at > now)],
        answer_form=AnswerForm(formdata=None),
    )


def _meeting_for(meeting_id: int) -> tuple[Meeting, str]:
    """The meeting and the caller's side; 404 for anyone not a party (its existence must not leak)."""
    meeting = db.session.get(Meeting, meeting_id)
    side = side_of(current_user, meeting) if meeting is not None else None
    if side is None:
        abort(404)
    return meeting, side


@bp.route("/meetings/<int:meeting_id>")
@login_required
def meeting(meeting_id: int):
    found, side = _meeting_for(meeting_id)
    booths = queries.booths_of_exhibitors([found])
    return render_template(
        "fairs/meetings/meeting.html",
        meeting=found,
        side=side,
        now=utcnow(),
        booth=booths.get((found.slot.fair_id, found.slot.producer_id)),
        answer_form=AnswerForm(formdata=None),
    )


def _answer(meeting_id: int, service, message: str):
    found, side = _meeting_for(meeting_id)
    if side != EXHIBITOR_SIDE:
        abort(403)
    form = AnswerForm()
    if not form.validate_on_submit():
        flash(" ".join(form.reply.errors) or _("Please try again."), "error")
        return redirect(url_for("fairs.meeting", meeting_id=meeting_id), code=303)
    try:
        service(found, current_user, form.reply.data)
    except services.MeetingError as error:  # refused before anything changed: the redirect commits nothing
        flash(str(error), "error")
        return redirect(url_for("fairs.meeting", meeting_id=meeting_id), code=303)
    notifications.send_answer(found)
    flash(message, "success")
    return redirect(url_for("fairs.meetings"), code=303)


@bp.route("/meetings/<int:meeting_id>/accept", methods=["POST"])
@login_required
def meeting_accept(meeting_id: int):
    return _answer(meeting_id, services.accept_meeting, _("The meeting is accepted; the buyer is told."))


@bp.route("/meetings/<int:meeting_id>/decline", methods=["POST"])
@login_required
def meeting_decline(meeting_id: int):
    return _answer(meeting_id, services.decline_meeting, _("The request is declined; the buyer is told."))


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def meeting_cancel(meeting_id: int):
    found, side = _meeting_for(meeting_id)
    form = AnswerForm()  # only its CSRF token matters here
    if not form.validate_on_submit():
        abort(400)
    try:
        services.cancel_meeting(found, current_user)
    except services.MeetingError as error:  # refused before anything changed: the redirect commits nothing
        flash(str(error), "error")
        return redirect(url_for("fairs.meeting", meeting_id=meeting_id), code=303)
    notifications.send_cancelled(found, by_buyer=side == BUYER_SIDE)
    flash(_("The meeting is called off; the other side is told."), "success")
    return redirect(url_for("fairs.meetings"), code=303)
