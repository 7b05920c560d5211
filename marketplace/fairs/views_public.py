"""Public fair pages: the list, a fair with its floor plan, a booth with its price split, holding it."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.core.cache import CATALOGUE, FAIRS
from marketplace.core.models import utcnow
from marketplace.core.pagecache import kept_for_visitors
from marketplace.core.refusals import Refusal
from marketplace.extensions import limiter
from marketplace.fairs import exhibitors, queries, rules, services
from marketplace.fairs.blueprint import bp
from marketplace.fairs.forms import HoldForm, RequestForm, WaitlistForm, options
from marketplace.fairs.labels import format_metres, template_labels
from marketplace.fairs.loading import booth_in, offer_freed_booths_first, visible_fair
from marketplace.fairs.permissions import bookable_producers, can_manage_fairs

bp.context_processor(template_labels)
bp.add_app_template_filter(format_metres, "metres")


@bp.route("/")
def index():
    return render_template("fairs/index.html", fairs=queries.public_fairs(), rules=rules)


def _acting_producer(producers):
    """The producer prices are shown for: the one asked for (?producer=), else the first."""
    wanted = request.args.get("producer", type=int)
    return next((p for p in producers if p.id == wanted), producers[0] if producers else None)


def _type_rows(fair, producer, views):
    """Each booth type with its size, price split for this producer and how many are free."""
    free = {}
    for view in views:
        if view.status == queries.AVAILABLE:
            free[view.booth.booth_type_id] = free.get(view.booth.booth_type_id, 0) + 1
    return [
        {"type": t, "split": rules.quote(fair, producer, t.price_vnd), "free": free.get(t.id, 0)}
        for t in fair.booth_types
    ]


@bp.route("/<int:fair_id>")
# Where a crowd goes after the home page: 100 to 136 req/s made each time at 100,000 products.
@kept_for_visitors(seconds=60, versions=(CATALOGUE, FAIRS))
def fair(fair_id: int):
    return fair_page(visible_fair(fair_id))


def fair_page(fair, status: int = 200, refusal: Refusal | None = None):
    """The fair with its plan; a refusal (joining a waiting list) is shown above it, in place."""
    now = utcnow()
    producers = bookable_producers(current_user)
    producer = _acting_producer(producers)
    plans = queries.fair_plan(fair, now, for_readers=True)
    views = [v for plan in plans for v in plan.booths]
    type_rows = _type_rows(fair, producer, views)
    # Only for those who may book (the page shows it to them only): a form puts a CSRF token in the
    # session, and a visitor's page with a session cannot be kept for the next visitor.
    waitlist_form = None
    if producers:
        waitlist_form = WaitlistForm(formdata=None)
        waitlist_form.set_producers(producers)
    return render_template(
        "fairs/fair.html",
        fair=fair,
        plans=plans,
        counts=queries.status_counts(views),
        type_rows=type_rows,
        registration=rules.registration_state(fair, now),
        producers=producers,
        producer=producer,
        problem=rules.eligibility_problem(fair, producer) if producer else None,
        full_types=[row["type"] for row in type_rows if row["free"] == 0],
        waitlist_form=waitlist_form,
        budget_left=rules.budget_left(fair),
        staff=can_manage_fairs(current_user),
        exhibiting=bool(exhibitors.exhibiting(fair, producers)),
        refusal=refusal,
    ), status


def _booth_page(fair, booth, form, status=200, error=None):
    now = utcnow()
    view = next(v for v in queries.fair_booths(fair, now, for_readers=True) if v.booth.id == booth.id)
    producers = bookable_producers(current_user)
    producer = _acting_producer(producers)
    form.set_producers(producers)
    return render_template(
        "fairs/booth.html",
        fair=fair,
        booth=booth,
        status=view.status,
        split=rules.quote(fair, producer, booth.booth_type.price_vnd),
        producers=producers,
        producer=producer,
        registration=rules.registration_state(fair, now),
        form=form,
        error=error,
        problem=rules.eligibility_problem(fair, producer) if producer else None,
    ), status


@bp.route("/<int:fair_id>/booths/<code>")
def booth(fair_id: int, code: str):
    fair = visible_fair(fair_id)
    return _booth_page(fair, booth_in(fair, code), HoldForm(formdata=None))


@bp.route("/<int:fair_id>/booths/<code>/hold", methods=["POST"])
@login_required
@limiter.limit("30 per minute")
def hold(fair_id: int, code: str):
    fair = visible_fair(fair_id)
    booth = booth_in(fair, code)
    producers = bookable_producers(current_user)
    if not producers:
        return _booth_page(
            fair, booth, HoldForm(formdata=None), 403, _("Only an account acting for a producer can book a booth.")
        )
    form = HoldForm()
    form.set_producers(producers)
    if not form.validate_on_submit():
        return _booth_page(fair, booth, form, 422)
    producer = next(p for p in producers if p.id == form.producer.data)
    offer_freed_booths_first(fair)  # the first in line gets a lapsed booth before this producer does
    try:
        booking = services.hold_booth(fair, booth, producer, current_user)
    except services.BookingError as error:  # shown on the booth page; the 4xx rolls the attempt back
        return _booth_page(fair, booth, HoldForm(formdata=None), error.status, str(error))
    flash(
        _("Booth %(code)s is held for you. Choose the products you will show and submit.", code=booth.code), "success"
    )
    return redirect(url_for("fairs.booking", booking_id=booking.id), code=303)


def _request_page(fair, form, status=200, error=None):
    return render_template(
        "fairs/request.html", fair=fair, form=form, error=error, registration=rules.registration_state(fair)
    ), status


@bp.route("/<int:fair_id>/request", methods=["GET", "POST"])
@login_required
def request_booth(fair_id: int):
    """Ask the organiser to choose a booth: for producers who would rather not pick on the plan."""
    fair = visible_fair(fair_id)
    producers = bookable_producers(current_user)
    form = RequestForm()
    form.set_producers(producers)
    form.booth_type.choices = options((t.id, f"{t.name} · {t.area_m2:g} m²") for t in fair.booth_types)
    catalogue = queries.products_of(producers)
    form.products.choices = options((p.id, p.name) for p in catalogue)
    if not producers:
        return _request_page(fair, form, 403, _("Only an account acting for a producer can book a booth."))
    if not form.validate_on_submit():
        return _request_page(fair, form, 422 if form.is_submitted() else 200)
    producer = next(p for p in producers if p.id == form.producer.data)
    booth_type = next(t for t in fair.booth_types if t.id == form.booth_type.data)
    try:
        chosen = [p for p in catalogue if p.id in set(form.products.data or [])]
        booking = services.request_assignment(fair, booth_type, producer, current_user, chosen, form.note.data)
    except services.BookingError as error:
        return _request_page(fair, form, error.status, str(error))
    flash(_("Your request is sent. The organiser will choose your booth."), "success")
    return redirect(url_for("fairs.booking", booking_id=booking.id), code=303)
