"""The centre's tools for producers: the full list, checks, featured producers and member accounts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import exists, or_, select

from marketplace.accounts.services import find_by_email
from marketplace.catalogue.models import Product
from marketplace.core.pagination import page_number, paginate
from marketplace.core.permissions import PRODUCER, is_staff
from marketplace.core.templating import account_link
from marketplace.core.text import slugify
from marketplace.extensions import db
from marketplace.producers import services
from marketplace.producers.blueprint import bp
from marketplace.producers.forms import (
    CHECK_SUBJECTS,
    CheckForm,
    MemberForm,
    StaffFilterForm,
)
from marketplace.producers.labels import ESTABLISHMENT_LABELS
from marketplace.producers.models import Producer, ProducerMember, VerificationCheck

PER_PAGE = 50

account_link("producers.staff_list", _l("All producers (the centre's tools)"), is_staff)


def _staff_only() -> None:
    if not is_staff(current_user):
        abort(403)


def staff_query(filters: dict):
    """Producers matching the staff list's filters, by name; `q` ignores accents and case."""
    stmt = select(Producer).order_by(Producer.name, Producer.id)
    if filters.get("province"):
        stmt = stmt.where(Producer.province_code == filters["province"])
    if filters.get("establishment_type"):
        stmt = stmt.where(Producer.establishment_type == filters["establishment_type"])
    checked = exists().where(VerificationCheck.producer_id == Producer.id)
    if filters.get("verified") in ("yes", "no"):
        stmt = stmt.where(checked if filters["verified"] == "yes" else ~checked)
    member = exists().where(ProducerMember.producer_id == Producer.id)
    if filters.get("account") in ("yes", "no"):
        stmt = stmt.where(member if filters["account"] == "yes" else ~member)
    term = (filters.get("q") or "").strip()
    if term:
        # The slug is the folded name, so "lang nghe" finds "Làng nghề" on every database.
        matches = [Producer.email == term.lower(), Producer.tax_code.contains(term.replace(" ", ""))]
        if slugify(term):
            matches.append(Producer.slug.contains(slugify(term)))
        stmt = stmt.where(or_(*matches))
    return stmt


@bp.route("/staff")
@login_required
def staff_list():
    _staff_only()
    form = StaffFilterForm(request.args)
    filters = form.data if form.validate() else {}
    page = paginate(staff_query(filters), page_number(request.args.get("page")), PER_PAGE)
    producer_ids = [p.id for p in page.items]
    with_account = (
        set(db.session.scalars(select(ProducerMember.producer_id).where(ProducerMember.producer_id.in_(producer_ids))))
        if producer_ids
        else set()
    )
    checked = (
        set(
            db.session.scalars(
                select(VerificationCheck.producer_id).where(VerificationCheck.producer_id.in_(producer_ids))
            )
        )
        if producer_ids
        else set()
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "producers/manage/staff_list.html",
        form=form,
        page=page,
        with_account=with_account,
        checked=checked,
        type_labels=ESTABLISHMENT_LABELS,
        page_args=args,
    )


def _staff_page(producer: Producer, check_form=None, member_form=None, status: int = 200):
    members = list(
        db.session.scalars(
            select(ProducerMember).where(ProducerMember.producer_id == producer.id).order_by(ProducerMember.joined_at)
        )
    )
    page = render_template(
        "producers/manage/staff_detail.html",
        producer=producer,
        members=members,
        check_form=check_form or CheckForm(formdata=None),
        member_form=member_form or MemberForm(formdata=None),
        subjects=CHECK_SUBJECTS,
        type_labels=ESTABLISHMENT_LABELS,
        products=list(
            db.session.scalars(
                select(Product).where(Product.producer_id == producer.id).order_by(Product.name, Product.id)
            )
        ),
    )
    return page, status


@bp.route("/staff/<int:producer_id>")
@login_required
def staff_detail(producer_id: int):
    _staff_only()
    return _staff_page(db.get_or_404(Producer, producer_id))


@bp.route("/staff/<int:producer_id>/checks", methods=["POST"])
@login_required
def record_check(producer_id: int):
    _staff_only()
    producer = db.get_or_404(Producer, producer_id)
    form = CheckForm()
    if not form.validate_on_submit():
        return _staff_page(producer, check_form=form, status=422)
    services.record_check(producer, form.subject.data, current_user, (form.note.data or "").strip() or None)
    flash(_("The check is recorded."), "success")
    return redirect(url_for("producers.staff_detail", producer_id=producer.id))


@bp.route("/staff/<int:producer_id>/featured", methods=["POST"])
@login_required
def toggle_featured(producer_id: int):
    _staff_only()
    producer = db.get_or_404(Producer, producer_id)
    services.set_featured(producer, not producer.featured, actor=current_user)
    flash(
        _("%(name)s is now featured.", name=producer.name)
        if producer.featured
        else _("%(name)s is no longer featured.", name=producer.name),
        "success",
    )
    return redirect(url_for("producers.staff_detail", producer_id=producer.id))


@bp.route("/staff/<int:producer_id>/members", methods=["POST"])
@login_required
def add_member(producer_id: int):
    _staff_only()
    producer = db.get_or_404(Producer, producer_id)
    form = MemberForm()
    if not form.validate_on_submit():
        return _staff_page(producer, member_form=form, status=422)
    user = find_by_email(form.email.data)
    if user is None or user.role != PRODUCER:
        form.email.errors.append(_("There is no producer account with this email."))
        return _staff_page(producer, member_form=form, status=422)
    services.add_member(producer, user, how="added")
    flash(_("%(email)s can now act for %(name)s.", email=user.email, name=producer.name), "success")
    return redirect(url_for("producers.staff_detail", producer_id=producer.id))
