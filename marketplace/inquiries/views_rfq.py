"""Buying-request (RFQ) pages: the public board, posting a request, answering it with a quote, closing it."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from marketplace.catalogue.groups import GROUPS_BY_NUMBER, PRODUCT_GROUPS
from marketplace.core.forms import show_refusal
from marketplace.core.pagination import page_number
from marketplace.inquiries import board, limits, queries
from marketplace.inquiries.blueprint import bp
from marketplace.inquiries.forms import ActionForm, HideForm, QuoteForm, RequestForm
from marketplace.inquiries.permissions import (
    can_answer_request,
    can_close_request,
    can_moderate,
    can_post_request,
    can_view_request,
)
from marketplace.inquiries.services import InquiryError
from marketplace.inquiries.views import _int_arg
from marketplace.producers.permissions import producers_of

PER_PAGE = 25


@bp.route("/requests")
def requests():
    group = _int_arg("group")
    group = group if group in GROUPS_BY_NUMBER else None
    page = page_number(request.args.get("page"))
    items, total = queries.open_requests(date.today(), group, page, PER_PAGE)
    return render_template(
        "inquiries/requests.html",
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PER_PAGE)),
        group=group,
        groups=PRODUCT_GROUPS,
        can_post=can_post_request(current_user),
        page_url=lambda n: url_for("inquiries.requests", group=group, page=n if n > 1 else None),
    )


@bp.route("/requests/mine")
@login_required
def my_requests():
    return render_template("inquiries/my_requests.html", items=queries.requests_of(current_user), today=date.today())


@bp.route("/requests/new", methods=["GET", "POST"])
@login_required
@limits.limited(limits.REQUEST_ACCOUNT, limits.REQUEST_ADDRESS, limits.request_message)
def new_request():
    if not can_post_request(current_user):
        if current_user.role == "buyer":
            raise InquiryError(_l("Please confirm your email address first: we sent you a link."), status=403)
        raise InquiryError(_l("Only buyer accounts can post buying requests."), status=403)
    form = RequestForm()
    if form.validate_on_submit():
        try:
            posted = board.post_request(current_user, form.details_data())
        except InquiryError as error:
            if error.status != 422:
                raise
            show_refusal(form, error)
            return render_template("inquiries/request_form.html", form=form), 422
        limits.take_allowance()
        flash(_("Your request is on the board. Matching producers have been told."), "success")
        return redirect(url_for("inquiries.request_detail", request_id=posted.id))
    return render_template("inquiries/request_form.html", form=form), 422 if form.is_submitted() else 200


def _load_request(request_id: int):
    found = queries.get_request(request_id)
    if found is None or not can_view_request(current_user, found):
        abort(404)
    return found


def _detail_page(found, quote_form=None, hide_form=None, status=200):
    today = date.today()
    mine = current_user.is_authenticated and found.buyer_id == current_user.id
    own_producers = [p.id for p in producers_of(current_user)] if current_user.is_authenticated else []
    return render_template(
        "inquiries/request_detail.html",
        item=found,
        today=today,
        is_open=found.is_open_on(today),
        mine=mine,
        answers=queries.answer_threads(found) if mine else [],
        own_thread=queries.thread_of_producer(found, own_producers),
        can_answer=bool(own_producers) and can_answer_request(current_user, found, today),
        can_close=can_close_request(current_user, found),
        can_moderate=can_moderate(current_user),
        quote_form=quote_form or QuoteForm(unit=found.unit),
        action_form=ActionForm(),
        hide_form=hide_form or HideForm(),
        group=GROUPS_BY_NUMBER.get(found.group_number),
    ), status


@bp.route("/requests/<int:request_id>")
def request_detail(request_id: int):
    return _detail_page(_load_request(request_id))[0]


@bp.route("/requests/<int:request_id>/quotes", methods=["POST"])
@login_required
@limits.limited(limits.MESSAGE_ACCOUNT, limits.MESSAGE_ADDRESS, limits.message_message)
def answer_request(request_id: int):
    found = _load_request(request_id)
    own = producers_of(current_user)
    if not own or not can_answer_request(current_user, found, date.today()):
        if own and not found.is_open_on(date.today()):
            raise InquiryError(_l("This request is closed."), status=409)
        abort(403)
    form = QuoteForm()
    if not form.validate_on_submit():
        return _detail_page(found, quote_form=form, status=422)
    inquiry = board.answer_request(found, own[0], current_user, form.details())
    limits.take_allowance()
    flash(_("Your quote was sent to the buyer."), "success")
    return redirect(url_for("inquiries.thread", inquiry_id=inquiry.id))


@bp.route("/requests/<int:request_id>/close", methods=["POST"])
@login_required
def close_request(request_id: int):
    found = _load_request(request_id)
    if found.buyer_id != current_user.id:
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    if not can_close_request(current_user, found):
        raise InquiryError(_l("This request is closed."), status=409)
    board.close_request(found)
    flash(_("Your request is closed."), "success")
    return redirect(url_for("inquiries.request_detail", request_id=found.id))


@bp.route("/requests/<int:request_id>/<any(hide, unhide):action>", methods=["POST"])
@login_required
def moderate_request(request_id: int, action: str):
    found = _load_request(request_id)
    if not can_moderate(current_user):
        abort(403)
    if action == "unhide":
        if not ActionForm().validate_on_submit():
            abort(400)
        board.unhide_request(found, current_user)
    else:
        form = HideForm()
        if not form.validate_on_submit():
            return _detail_page(found, hide_form=form, status=422)
        board.hide_request(found, current_user, form.reason.data)
    flash(
        _("The request is hidden from the board.") if action == "hide" else _("The request is back on the board."),
        "success",
    )
    return redirect(url_for("inquiries.request_detail", request_id=found.id))
