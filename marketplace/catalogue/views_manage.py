"""Producers and the centre's staff manage products: details, status, photos and certificates."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from marketplace.catalogue import photos, services
from marketplace.catalogue.blueprint import bp
from marketplace.catalogue.forms import (
    CertificationForm,
    PhotoActionForm,
    PhotoUploadForm,
    ProductForm,
)
from marketplace.catalogue.labels import CERTIFICATION_LABELS, STANDOUT_LEVEL_LABELS
from marketplace.catalogue.models import Category, Certification, Product, ProductPhoto
from marketplace.catalogue.permissions import can_edit_product
from marketplace.core.forms import show_refusal
from marketplace.core.permissions import is_staff
from marketplace.core.refusals import Refusal
from marketplace.core.security import safe_next
from marketplace.extensions import db
from marketplace.media.uploads import limit_uploads
from marketplace.producers.models import Producer
from marketplace.producers.permissions import can_edit_producer, producers_of

PREFIX = "/manage/products"


def editable_product(product_id: int) -> Product:
    """Load → check: 404 for no such product, 403 unless the account may act for its producer."""
    product = db.get_or_404(Product, product_id)
    if not can_edit_product(current_user, product):
        abort(403)
    return product


def _producer_for_new_product() -> Producer:
    """The producer named by ?producer=, or the account's only establishment."""
    producer_id = request.args.get("producer", type=int)
    if producer_id is None:
        mine = producers_of(current_user)
        if len(mine) != 1:
            abort(404)
        producer = mine[0]
    else:
        producer = db.get_or_404(Producer, producer_id)
    if not can_edit_producer(current_user, producer):
        abort(403)
    return producer


def _category_names(group_number) -> list[str]:
    stmt = select(Category.name).order_by(Category.name)
    if group_number in (1, 2, 3, 4):
        stmt = stmt.where(Category.group_number == group_number)
    return list(dict.fromkeys(db.session.scalars(stmt)))


def _product_page(form: ProductForm, producer: Producer, product: Product | None):
    group = form.group_number.data or (product.group_number if product else None)
    public_link = None
    if product is not None and product.is_published and "catalogue.product" in current_app.view_functions:
        public_link = url_for("catalogue.product", product_id=product.id)
    page = render_template(
        "catalogue/manage/product_form.html",
        form=form,
        producer=producer,
        product=product,
        categories=_category_names(group),
        public_link=public_link,
        recommended=photos.RECOMMENDED_PRODUCT_PHOTOS,
    )
    return page, 422 if form.is_submitted() else 200


@bp.route(f"{PREFIX}/new", methods=["GET", "POST"])
@login_required
def product_create():
    producer = _producer_for_new_product()
    form = ProductForm()
    if form.validate_on_submit():
        try:
            product = services.create_product(producer, form.product_data(), form.category_name())
        except services.ProductError as error:
            show_refusal(form, error)
        else:
            flash(_("The product is saved as a draft. Add photos, then publish it."), "success")
            return redirect(url_for("catalogue.product_photos", product_id=product.id))
    return _product_page(form, producer, None)


@bp.route(f"{PREFIX}/<int:product_id>/edit", methods=["GET", "POST"])
@login_required
def product_edit(product_id: int):
    product = editable_product(product_id)
    form = ProductForm()
    if not form.is_submitted():
        form.fill_from(product)
    elif form.validate_on_submit():
        try:
            services.update_product(product, form.product_data(), form.category_name())
        except services.ProductError as error:
            show_refusal(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("catalogue.product_edit", product_id=product.id))
    return _product_page(form, product.producer, product)


# --- status: publish, unpublish, archive (POST only; CSRF is checked for every POST) -----


def _change_status(product_id: int, change, message: str):
    product = editable_product(product_id)
    try:
        change(product)
    except services.ProductError as error:
        return _photos_page(product, PhotoUploadForm(formdata=None), error.status, error=str(error))
    flash(message, "success")
    fallback = url_for("catalogue.product_edit", product_id=product.id)
    return redirect(safe_next(request.form.get("next"), fallback), code=303)


@bp.route(f"{PREFIX}/<int:product_id>/publish", methods=["POST"])
@login_required
def product_publish(product_id: int):
    return _change_status(product_id, services.publish_by_hand, _("The product is published."))


@bp.route(f"{PREFIX}/<int:product_id>/unpublish", methods=["POST"])
@login_required
def product_unpublish(product_id: int):
    return _change_status(product_id, services.unpublish_product, _("The product is hidden again (draft)."))


@bp.route(f"{PREFIX}/<int:product_id>/archive", methods=["POST"])
@login_required
def product_archive(product_id: int):
    return _change_status(product_id, services.archive_product, _("The product is archived."))


# --- photos -----------------------------------------------------------------------------


def _photos_page(product: Product, form: PhotoUploadForm, status: int = 200, error=None):
    page = render_template(
        "catalogue/manage/photos.html",
        product=product,
        form=form,
        action_error=error,
        limit=photos.limit_for(product),
        recommended=photos.RECOMMENDED_PRODUCT_PHOTOS,
        photos=[(photo, photos.photo_urls(photo.storage_key)) for photo in product.photos],
    )
    return page, status


@bp.route(f"{PREFIX}/<int:product_id>/photos", methods=["GET", "POST"])
@login_required
@limit_uploads
def product_photos(product_id: int):
    product = editable_product(product_id)
    form = PhotoUploadForm()
    if not form.validate_on_submit():
        return _photos_page(product, form, 422 if form.is_submitted() else 200)
    try:
        added = photos.attach_photos(product, form.uploads(photos.max_photo_bytes()))
    except photos.PhotoError as error:
        show_refusal(form, error)
        return _photos_page(product, form, error.status)
    flash(_("%(count)s photo(s) added.", count=len(added)), "success")
    return redirect(url_for("catalogue.product_photos", product_id=product.id))


@bp.route(f"{PREFIX}/<int:product_id>/photos/<int:photo_id>", methods=["POST"])
@login_required
def product_photo_action(product_id: int, photo_id: int):
    product = editable_product(product_id)
    photo = db.get_or_404(ProductPhoto, photo_id)
    if photo.product_id != product.id:
        abort(404)
    form = PhotoActionForm()
    if not form.validate_on_submit():
        return _photos_page(
            product, PhotoUploadForm(formdata=None), 422, error=_("This photo could not be changed. Please try again.")
        )
    discarded = []
    if form.action.data == "delete":
        discarded.append(photos.remove_photo(photo))
    elif form.action.data == "up":
        photos.move_up(photo)
    else:
        photos.describe(photo, form.text.data)
    photos.discard_unused_files(discarded)  # once committed: a rollback must not lose the files
    flash(_("The photos are updated."), "success")
    return redirect(url_for("catalogue.product_photos", product_id=product.id))


# --- certificates -----------------------------------------------------------------------


@bp.route(f"{PREFIX}/<int:product_id>/certifications", methods=["GET", "POST"])
@login_required
def product_certifications(product_id: int):
    product = editable_product(product_id)
    form = CertificationForm()
    staff = is_staff(current_user)
    if form.validate_on_submit():
        try:
            # What staff enter is checked by them; what a producer enters stays self-declared.
            services.add_certification(
                product, form.kind.data, verified_by=current_user if staff else None, **form.certification_data()
            )
        except services.ProductError as error:
            show_refusal(form, error)
        else:
            flash(_("The certificate is added."), "success")
            return redirect(url_for("catalogue.product_certifications", product_id=product.id))
    return _certifications_page(product, form, 422 if form.is_submitted() else 200)


def _certifications_page(product: Product, form: CertificationForm, status: int = 200, refusal=None):
    page = render_template(
        "catalogue/manage/certifications.html",
        product=product,
        form=form,
        labels=CERTIFICATION_LABELS,
        levels=STANDOUT_LEVEL_LABELS,
        staff=is_staff(current_user),
        refusal=refusal,
    )
    return page, status


@bp.route(f"{PREFIX}/<int:product_id>/certifications/<int:certification_id>/verify", methods=["POST"])
@login_required
def product_certification_verify(product_id: int, certification_id: int):
    """Staff (organiser, admin) checked a self-declared certificate against the real one."""
    if not is_staff(current_user):
        abort(403)
    product = db.get_or_404(Product, product_id)
    certification = db.get_or_404(Certification, certification_id)
    if certification.product_id != product.id:
        abort(404)
    try:
        services.verify_certification(certification, current_user)
    except services.ProductError as error:  # shown in place: a redirect would commit
        return _certifications_page(
            product, CertificationForm(formdata=None), error.status, refusal=Refusal(str(error))
        )
    flash(_("The certificate is verified: it now counts in badges, filters and searches."), "success")
    return redirect(url_for("catalogue.product_certifications", product_id=product.id))


@bp.route(f"{PREFIX}/<int:product_id>/certifications/<int:certification_id>/delete", methods=["POST"])
@login_required
def product_certification_delete(product_id: int, certification_id: int):
    product = editable_product(product_id)
    certification = db.get_or_404(Certification, certification_id)
    if certification.product_id != product.id:
        abort(404)
    services.remove_certification(certification)
    flash(_("The certificate is removed."), "success")
    return redirect(url_for("catalogue.product_certifications", product_id=product.id))
