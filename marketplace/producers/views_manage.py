"""Producers manage their establishment: profile, photos, certificates and the dashboard."""

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from marketplace.catalogue import photos as photo_service
from marketplace.catalogue.forms import (
    CertificationForm,
    PhotoActionForm,
    PhotoUploadForm,
)
from marketplace.catalogue.labels import CERTIFICATION_LABELS
from marketplace.catalogue.models import PUBLISHED, Certification, Product
from marketplace.catalogue.services import ProductError, add_certification, remove_certification
from marketplace.core.forms import show_refusal
from marketplace.core.permissions import PRODUCER, has_role, is_staff
from marketplace.core.templating import account_link
from marketplace.extensions import db
from marketplace.geography import resolver
from marketplace.media.uploads import limit_uploads
from marketplace.producers import services
from marketplace.producers.blueprint import bp
from marketplace.producers.forms import ProducerForm
from marketplace.producers.labels import ESTABLISHMENT_LABELS
from marketplace.producers.models import Producer, ProducerPhoto
from marketplace.producers.permissions import can_create_producer, can_edit_producer, producers_of

account_link(
    "producers.mine", _l("My establishment and its products"), lambda user: has_role(user, PRODUCER) or is_staff(user)
)


def editable_producer(producer_id: int) -> Producer:
    """Load → check: 404 for no such producer, 403 unless the account may act for it."""
    producer = db.get_or_404(Producer, producer_id)
    if not can_edit_producer(current_user, producer):
        abort(403)
    return producer


def public_url(endpoint: str, **values) -> str | None:
    """A link to a public page, once the area that serves it is installed."""
    return url_for(endpoint, **values) if endpoint in current_app.view_functions else None


def warn_unknown_commune(producer: Producer) -> None:
    if producer.commune_code is None and producer.commune_name:
        flash(
            _(
                "We could not find the commune \u201c%(name)s\u201d in %(province)s; it is kept as "
                "written. Please check the spelling and choose a name from the list.",
                name=producer.commune_name,
                province=producer.province.name,
            ),
            "warning",
        )


def _profile_page(form: ProducerForm, producer: Producer | None, on_behalf: bool):
    communes = resolver.communes_of(form.province_code.data or "") if form.province_code.data else []
    page = render_template(
        "producers/manage/profile_form.html",
        form=form,
        producer=producer,
        on_behalf=on_behalf,
        communes=communes,
        public_link=producer and public_url("producers.detail", producer_id=producer.id),
        staff=is_staff(current_user),
    )
    return page, 422 if form.is_submitted() else 200


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_create_producer(current_user):
        abort(403)
    on_behalf = is_staff(current_user)
    form = ProducerForm(on_behalf=on_behalf)
    if form.validate_on_submit():
        try:
            producer = services.create_producer(form.profile_data(), created_by=current_user)
        except services.ProducerError as error:
            show_refusal(form, error)
        else:
            flash(_("The profile of %(name)s is saved.", name=producer.name), "success")
            warn_unknown_commune(producer)
            if on_behalf:
                return redirect(url_for("producers.staff_detail", producer_id=producer.id))
            return redirect(url_for("producers.mine"))
    return _profile_page(form, None, on_behalf)


@bp.route("/<int:producer_id>/edit", methods=["GET", "POST"])
@login_required
def edit(producer_id: int):
    producer = editable_producer(producer_id)
    on_behalf = is_staff(current_user)
    form = ProducerForm(on_behalf=on_behalf)
    if not form.is_submitted():
        form.fill_from(producer)
    elif form.validate_on_submit():
        try:
            services.update_producer(producer, form.profile_data(), actor=current_user)
        except services.ProducerError as error:
            show_refusal(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            warn_unknown_commune(producer)
            return redirect(url_for("producers.edit", producer_id=producer.id))
    return _profile_page(form, producer, on_behalf)


@bp.route("/communes.json")
def communes_json():
    """The communes of one province, for the commune field's suggestions (static/js/communes.js)."""
    province = resolver.resolve_province(request.args.get("province", ""))
    if province is None:
        return jsonify(error={"code": "not_found", "message": _("Unknown province.")}), 404
    response = jsonify(
        province=province.code,
        communes=[{"code": c.code, "name": c.full_name} for c in resolver.communes_of(province.code)],
    )
    response.cache_control.public = True
    response.cache_control.max_age = 86400  # the map changes by law, not by the hour
    return response


# --- photos of the establishment --------------------------------------------------------


def _photos_page(producer: Producer, form: PhotoUploadForm, status: int = 200, error=None):
    page = render_template(
        "producers/manage/photos.html",
        producer=producer,
        form=form,
        action_error=error,
        staff=is_staff(current_user),
        limit=photo_service.MAX_PRODUCER_PHOTOS,
        photos=[(photo, photo_service.photo_urls(photo.storage_key)) for photo in producer.photos],
    )
    return page, status


@bp.route("/<int:producer_id>/photos", methods=["GET", "POST"])
@login_required
@limit_uploads
def photos(producer_id: int):
    producer = editable_producer(producer_id)
    form = PhotoUploadForm()
    if not form.validate_on_submit():
        return _photos_page(producer, form, 422 if form.is_submitted() else 200)
    try:
        added = photo_service.attach_photos(producer, form.uploads(photo_service.max_photo_bytes()))
    except photo_service.PhotoError as error:
        show_refusal(form, error)
        return _photos_page(producer, form, error.status)
    flash(_("%(count)s photo(s) added.", count=len(added)), "success")
    return redirect(url_for("producers.photos", producer_id=producer.id))


@bp.route("/<int:producer_id>/photos/<int:photo_id>", methods=["POST"])
@login_required
def photo_action(producer_id: int, photo_id: int):
    producer = editable_producer(producer_id)
    photo = db.get_or_404(ProducerPhoto, photo_id)
    if photo.producer_id != producer.id:
        abort(404)
    form = PhotoActionForm()
    if not form.validate_on_submit():
        return _photos_page(
            producer, PhotoUploadForm(formdata=None), 422, error=_("This photo could not be changed. Please try again.")
        )
    discarded = []
    if form.action.data == "delete":
        discarded.append(photo_service.remove_photo(photo))
    elif form.action.data == "up":
        photo_service.move_up(photo)
    else:
        photo_service.describe(photo, form.text.data)
    photo_service.discard_unused_files(discarded)  # once committed: a rollback must not lose the files
    flash(_("The photos are updated."), "success")
    return redirect(url_for("producers.photos", producer_id=producer.id))


# --- certificates of the establishment --------------------------------------------------


def _certificates_of(producer: Producer) -> list[Certification]:
    return list(
        db.session.scalars(
            select(Certification).where(Certification.producer_id == producer.id).order_by(Certification.id)
        )
    )


@bp.route("/<int:producer_id>/certifications", methods=["GET", "POST"])
@login_required
def certifications(producer_id: int):
    producer = editable_producer(producer_id)
    form = CertificationForm(for_producer=True)
    if form.validate_on_submit():
        try:
            add_certification(
                producer,
                form.kind.data,
                verified_by=current_user if is_staff(current_user) else None,
                **form.certification_data(),
            )
        except ProductError as error:
            show_refusal(form, error)
        else:
            flash(_("The certificate is added."), "success")
            return redirect(url_for("producers.certifications", producer_id=producer.id))
    page = render_template(
        "producers/manage/certifications.html",
        producer=producer,
        form=form,
        staff=is_staff(current_user),
        certificates=_certificates_of(producer),
        labels=CERTIFICATION_LABELS,
    )
    return page, 422 if form.is_submitted() else 200


@bp.route("/<int:producer_id>/certifications/<int:certification_id>/delete", methods=["POST"])
@login_required
def certification_delete(producer_id: int, certification_id: int):
    producer = editable_producer(producer_id)
    certification = db.get_or_404(Certification, certification_id)
    if certification.producer_id != producer.id:
        abort(404)
    remove_certification(certification)
    flash(_("The certificate is removed."), "success")
    return redirect(url_for("producers.certifications", producer_id=producer.id))


# --- the dashboard ----------------------------------------------------------------------


def profile_checklist(producer: Producer, products: list[Product]) -> list[tuple[str, bool]]:
    """What a complete profile has; each item is (what to do, done?)."""
    return [
        (_("Enter the tax code"), bool(producer.tax_code)),
        (_("Choose the commune from the official list"), bool(producer.commune_code)),
        (_("Write a description of the establishment"), bool(producer.description)),
        (_("Add at least one photo of the establishment"), bool(producer.photos)),
        (_("Publish at least one product"), any(p.status == PUBLISHED for p in products)),
    ]


def _products_of(producer: Producer) -> list[Product]:
    return list(
        db.session.scalars(
            select(Product)
            .where(Product.producer_id == producer.id)
            .options(selectinload(Product.photos))
            .order_by(Product.name)
        )
    )


@bp.route("/mine")
@login_required
def mine():
    if not (has_role(current_user, PRODUCER) or is_staff(current_user)):
        abort(403)
    cards = []
    for producer in producers_of(current_user):
        products = _products_of(producer)
        cards.append(
            {
                "producer": producer,
                "products": products,
                "checklist": profile_checklist(producer, products),
                "public_link": public_url("producers.detail", producer_id=producer.id),
            }
        )
    return render_template(
        "producers/manage/mine.html",
        cards=cards,
        staff=is_staff(current_user),
        type_labels=ESTABLISHMENT_LABELS,
        product_links="catalogue.product" in current_app.view_functions,
    )
