"""The producer's bookings: complete a hold, cancel, see them all; join or leave a waiting list."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.models import utcnow
from marketplace.core.refusals import Refusal
from marketplace.extensions import db
from marketplace.fairs import notifications, payment_link, queries, services, waitlist
from marketplace.fairs.blueprint import bp
from marketplace.fairs.forms import ApplicationForm, ProductsForm, ReasonForm, WaitlistForm, options
from marketplace.fairs.loading import own_booking, visible_fair
from marketplace.fairs.meetings import notifications as meeting_notifications
from marketplace.fairs.meetings import services as meeting_services
from marketplace.fairs.models import HELD, WaitlistEntry
from marketplace.fairs.permissions import bookable_producers, can_book_for
from marketplace.fairs.views_public import fair_page


def _booking_page(booking, form=None, cancel_form=None, status=200, error=None, products_form=None):
    now = utcnow()
    catalogue = queries.products_of([booking.producer])
    chosen = [item.product_id for item in booking.products]
    form = form or ApplicationForm(formdata=None, products=chosen, note=booking.note)
    form.products.choices = options((p.id, p.name) for p in catalogue)
    products_form = products_form or ProductsForm(formdata=None, products=chosen)
    products_form.products.choices = form.products.choices
    may_cancel = booking.current_status(now) in ("held", "applied", "requested", "pending_payment", "paid") and (
        services.producer_may_cancel(booking.fair, now)
    )
    return render_template(
        "fairs/booking.html",
        booking=booking,
        fair=booking.fair,
        state=booking.current_status(now),
        form=form,
        cancel_form=cancel_form or ReasonForm(formdata=None),
        may_cancel=may_cancel,
        error=error,
        payments=queries.booking_payments(booking),
        has_products=bool(catalogue),
        editable=can_book_for(current_user, booking.producer),
        products_form=products_form,
        products_changeable=services.products_changeable(booking, now),
        payment=payment_link.payment_state(booking),
    ), status


@bp.route("/bookings/<int:booking_id>")
@login_required
def booking(booking_id: int):
    return _booking_page(own_booking(booking_id))


def _own_for_change(booking_id: int):
    booking = own_booking(booking_id)
    if not can_book_for(current_user, booking.producer):
        abort(403)  # organisers act from their desk, not from the producer's page
    return booking


@bp.route("/bookings/<int:booking_id>/submit", methods=["POST"])
@login_required
def booking_submit(booking_id: int):
    booking = _own_for_change(booking_id)
    form = ApplicationForm()
    form.products.choices = options((p.id, p.name) for p in queries.products_of([booking.producer]))
    if not form.validate_on_submit():
        return _booking_page(booking, form, status=422)
    chosen = [p for p in queries.products_of([booking.producer]) if p.id in set(form.products.data or [])]
    try:
        services.submit_booking(booking, chosen, form.note.data)
    except services.BookingError as error:  # shown on the booking's page; the 4xx rolls the attempt back
        return _booking_page(booking, status=error.status, error=str(error))
    if booking.status == "applied":
        flash(
            _("Your application is sent. The organiser will accept or reject it; the booth stays yours meanwhile."),
            "success",
        )
    elif booking.status == "paid":
        flash(_("Your booking is confirmed: there is nothing to pay."), "success")
    else:
        flash(_("Your booking is submitted. Please pay to confirm it."), "success")
    return redirect(url_for("fairs.booking", booking_id=booking.id), code=303)


@bp.route("/bookings/<int:booking_id>/products", methods=["POST"])
@login_required
def booking_products(booking_id: int):
    """Change the products to show after submitting, until the organiser decides."""
    booking = _own_for_change(booking_id)
    catalogue = queries.products_of([booking.producer])
    form = ProductsForm()
    form.products.choices = options((p.id, p.name) for p in catalogue)
    if not form.validate_on_submit():
        return _booking_page(booking, products_form=form, status=422)
    chosen = [p for p in catalogue if p.id in set(form.products.data or [])]
    try:
        services.change_products(booking, chosen)
    except services.BookingError as error:
        return _booking_page(booking, status=error.status, error=str(error))
    flash(_("The products you will show are saved."), "success")
    return redirect(url_for("fairs.booking", booking_id=booking_id), code=303)


@bp.route("/bookings/<int:booking_id>/cancel", methods=["POST"])
@login_required
def booking_cancel(booking_id: int):
    booking = _own_for_change(booking_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        return _booking_page(booking, cancel_form=form, status=422)
    fair = booking.fair
    try:
        services.cancel_booking(booking, current_user, form.reason.data, by_staff=False)
        called_off = meeting_services.call_off_for_lost_exhibitor(fair, booking.producer)
        offers = waitlist.offer_freed_booths(fair)
    except services.BookingError as error:
        return _booking_page(booking, status=error.status, error=str(error))
    notifications.send_offers(offers)  # sent once the cancellation is committed
    meeting_notifications.send_exhibitor_gone(called_off)
    flash(_("Your booking is cancelled."), "success")
    return redirect(url_for("fairs.booking", booking_id=booking.id), code=303)


@bp.route("/mine")
@login_required
def my_bookings():
    producers = bookable_producers(current_user)
    entries = queries.waitlist_of(producers)
    return render_template(
        "fairs/mine.html",
        bookings=queries.bookings_of(producers),
        now=utcnow(),
        producers=producers,
        entries=[(entry, queries.waitlist_position(entry)) for entry in entries],
        held=HELD,
    )


@bp.route("/<int:fair_id>/waitlist", methods=["POST"])
@login_required
def waitlist_join(fair_id: int):
    fair = visible_fair(fair_id)
    producers = bookable_producers(current_user)
    form = WaitlistForm()
    form.set_producers(producers)
    form.booth_type.choices = options((t.id, t.name) for t in fair.booth_types)
    if not producers:
        abort(403)
    if not form.validate_on_submit():
        flash(_("Choose a booth type."), "error")
        return redirect(url_for("fairs.fair", fair_id=fair.id), code=303)
    producer = next(p for p in producers if p.id == form.producer.data)
    booth_type = next(t for t in fair.booth_types if t.id == form.booth_type.data)
    try:
        entry = waitlist.join_waitlist(fair, booth_type, producer, current_user)
    except services.BookingError as error:  # on the fair's page, with its 4xx (a redirect would commit)
        return fair_page(fair, error.status, Refusal(str(error)))
    flash(
        _(
            "You are number %(n)s on the waiting list for %(type)s. We will email you when a booth is free.",
            n=queries.waitlist_position(entry),
            type=booth_type.name,
        ),
        "success",
    )
    return redirect(url_for("fairs.my_bookings"), code=303)


@bp.route("/waitlist/<int:entry_id>/leave", methods=["POST"])
@login_required
def waitlist_leave(entry_id: int):
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None or not can_book_for(current_user, entry.producer):
        abort(404)
    waitlist.leave_waitlist(entry)
    flash(_("You have left the waiting list."), "success")
    return redirect(url_for("fairs.my_bookings"), code=303)
