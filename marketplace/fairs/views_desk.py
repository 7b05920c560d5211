"""The organiser's desk: the bookings table, occupancy, and decisions on single bookings."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.models import utcnow
from marketplace.core.pagination import page_number
from marketplace.fairs import desk, notifications, payment_link, queries, rules, services, waitlist
from marketplace.fairs.blueprint import bp
from marketplace.fairs.forms import BoothCodeForm, ReasonForm
from marketplace.fairs.loading import managed_booking, managed_fair
from marketplace.fairs.meetings import notifications as meeting_notifications
from marketplace.fairs.meetings import services as meeting_services

PREFIX = "/manage"


@bp.route(f"{PREFIX}/<int:fair_id>/bookings")
@login_required
def desk_table(fair_id: int):
    fair = managed_fair(fair_id)
    filters = desk.clean_filters(fair, request.args)
    page = desk.desk_bookings(fair, filters, page_number(request.args.get("page")))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "fairs/manage/desk.html",
        fair=fair,
        page=page,
        filters=filters,
        page_args=args,
        now=utcnow(),
        occupancy=desk.occupancy(fair),
        tab="desk",
        budget_left=rules.budget_left(fair),
    )


def _booking_page(booking, status=200, forms=None, error=None):
    forms = forms or {}
    return render_template(
        "fairs/manage/booking.html",
        booking=booking,
        fair=booking.fair,
        state=booking.current_status(),
        reject_form=forms.get("reject") or ReasonForm(formdata=None, prefix="reject"),
        cancel_form=forms.get("cancel") or ReasonForm(formdata=None, prefix="cancel"),
        booth_form=forms.get("booth") or BoothCodeForm(formdata=None),
        free_booths=queries.available_booths(booking.fair),
        payments=queries.booking_payments(booking),
        payment=payment_link.payment_state(booking),
        error=error,
        tab="desk",
    ), status


@bp.route(f"{PREFIX}/bookings/<int:booking_id>")
@login_required
def desk_booking(booking_id: int):
    return _booking_page(managed_booking(booking_id))


def _act(booking, change, message: str, mail: bool = False, offer: bool = False, called_off: list | None = None):
    """Run one decision, and mail once it is committed: the producer about the decision, the waiting
    list about a freed booth, buyers about the meetings `change` put in `called_off`. A refusal is
    shown on the booking's page, and its 4xx rolls the decision back."""
    fair = booking.fair
    called_off = [] if called_off is None else called_off
    try:
        change()
        offers = waitlist.offer_freed_booths(fair) if offer else []
    except services.BookingError as error:
        return _booking_page(booking, error.status, error=str(error))
    if mail:
        notifications.send_decision(booking)
    notifications.send_offers(offers)
    meeting_notifications.send_exhibitor_gone(called_off)
    flash(message, "success")
    return redirect(url_for("fairs.desk_booking", booking_id=booking.id), code=303)


@bp.route(f"{PREFIX}/bookings/<int:booking_id>/approve", methods=["POST"])
@login_required
def desk_approve(booking_id: int):
    booking = managed_booking(booking_id)
    return _act(
        booking,
        lambda: services.approve_booking(booking, current_user),
        _("The application is approved; the producer is asked to pay."),
        mail=True,
    )


@bp.route(f"{PREFIX}/bookings/<int:booking_id>/reject", methods=["POST"])
@login_required
def desk_reject(booking_id: int):
    booking = managed_booking(booking_id)
    form = ReasonForm(prefix="reject")
    if not form.validate_on_submit():
        return _booking_page(booking, 422, {"reject": form})
    return _act(
        booking,
        lambda: services.reject_booking(booking, current_user, form.reason.data),
        _("The application is rejected; the producer is told why."),
        mail=True,
        offer=True,
    )


@bp.route(f"{PREFIX}/bookings/<int:booking_id>/cancel", methods=["POST"])
@login_required
def desk_cancel(booking_id: int):
    booking = managed_booking(booking_id)
    form = ReasonForm(prefix="cancel")
    if not form.validate_on_submit():
        return _booking_page(booking, 422, {"cancel": form})
    called_off = []

    def cancel():
        services.cancel_booking(booking, current_user, form.reason.data, by_staff=True)
        called_off.extend(meeting_services.call_off_for_lost_exhibitor(booking.fair, booking.producer))

    return _act(booking, cancel, _("The booking is cancelled."), offer=True, called_off=called_off)


def _booth_action(booking_id: int, service, message: str, mail: bool, offer: bool):
    booking = managed_booking(booking_id)
    form = BoothCodeForm()
    if not form.validate_on_submit():
        return _booking_page(booking, 422, {"booth": form})
    booth = queries.booth_by_code(booking.fair, form.booth_code.data.strip().upper())
    if booth is None:
        form.booth_code.errors.append(_("This fair has no booth with this code."))
        return _booking_page(booking, 422, {"booth": form})
    return _act(booking, lambda: service(booking, booth, current_user), message, mail=mail, offer=offer)


@bp.route(f"{PREFIX}/bookings/<int:booking_id>/assign", methods=["POST"])
@login_required
def desk_assign(booking_id: int):
    return _booth_action(booking_id, services.assign_booth, _("The booth is assigned."), mail=True, offer=False)


@bp.route(f"{PREFIX}/bookings/<int:booking_id>/move", methods=["POST"])
@login_required
def desk_move(booking_id: int):
    return _booth_action(
        booking_id, services.move_booking, _("The producer is moved to the new booth."), mail=False, offer=True
    )
