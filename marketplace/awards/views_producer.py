"""Producers (and staff on their behalf) nominate products and complete, submit and follow their dossiers."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.utils import secure_filename

from marketplace.awards import documents, queries, rules
from marketplace.awards import services_dossiers as dossiers
from marketplace.awards.blueprint import bp
from marketplace.awards.errors import AwardError
from marketplace.awards.forms import DOCUMENT_LABELS, DocumentForm, DossierForm, EmptyForm, NominateForm
from marketplace.awards.loading import own_dossier, refusable, visible_programme
from marketplace.awards.models import Document, Nomination
from marketplace.awards.permissions import can_manage_programme, can_read_dossier
from marketplace.catalogue.models import PUBLISHED, Product
from marketplace.core.aftercommit import after_commit
from marketplace.core.forms import SelectChoice, show_refusal
from marketplace.core.refusals import Refusal
from marketplace.core.routing import MAX_ID
from marketplace.extensions import db
from marketplace.media.uploads import limit_uploads
from marketplace.producers.models import Producer
from marketplace.producers.permissions import can_edit_producer, is_member, producers_of


def _producers_for_nomination() -> list[Producer]:
    """Staff nominate for the producer chosen in the picker (?producer=); a producer account for its own
    establishments."""
    producer_id = request.args.get("producer", type=int)
    if producer_id is not None:
        producer = db.session.get(Producer, producer_id) if 0 < producer_id <= MAX_ID else None
        if producer is None or not can_edit_producer(current_user, producer):
            abort(404)
        return [producer]
    return producers_of(current_user)


@bp.route("/mine")
@login_required
def mine():
    nominations = queries.nominations_of_producers([p.id for p in producers_of(current_user)])
    open_programmes = [p for p in queries.visible_programmes(False) if p.phase == rules.NOMINATION]
    return render_template("awards/mine.html", nominations=nominations, open_programmes=open_programmes)


@bp.route("/<int:programme_id>/nominate", methods=["GET", "POST"])
@login_required
def nominate(programme_id: int):
    programme = visible_programme(programme_id)
    if programme.phase != rules.NOMINATION:
        # Closed (or not yet open): say so instead of a form that could only be refused.
        page = render_template(
            "awards/nominate.html", programme=programme, closed=True, who=dossiers.who_may_nominate(programme)
        )
        return page, 409 if request.method == "POST" else 200
    producers = _producers_for_nomination()
    if not producers:
        if can_manage_programme(current_user):  # staff first choose whom they nominate for
            return redirect(url_for("awards.manage_behalf", programme_id=programme.id))
        abort(403)
    products = list(
        db.session.scalars(
            select(Product)
            .where(Product.producer_id.in_([p.id for p in producers]), Product.status == PUBLISHED)
            .order_by(Product.name)
        )
    )
    form = NominateForm()
    form.product.choices = [
        SelectChoice(p.id, f"{p.name} ({p.producer.name})" if len(producers) > 1 else p.name) for p in products
    ]
    form.group.choices = [SelectChoice(g, _group_label(g)) for g in programme.groups]
    if form.validate_on_submit():
        product = next(p for p in products if p.id == form.product.data)
        try:
            with refusable():
                nomination = dossiers.nominate(
                    programme,
                    product,
                    form.group.data,
                    current_user,
                    on_behalf=not is_member(current_user, product.producer),
                )
        except AwardError as error:
            show_refusal(form, error)
        else:
            flash(_("The dossier is opened. Complete it and attach the documents, then submit it."), "success")
            return redirect(url_for("awards.dossier", nomination_id=nomination.id))
    status = 422 if form.is_submitted() else 200
    on_behalf = producers[0] if len(producers) == 1 and not is_member(current_user, producers[0]) else None
    return render_template(
        "awards/nominate.html",
        programme=programme,
        form=form,
        products=products,
        on_behalf=on_behalf,
        closed=False,
        who=dossiers.who_may_nominate(programme),
    ), status


def _group_label(number: int) -> str:
    from marketplace.awards.views_public import award_group_name

    return award_group_name(number)


def _dossier_page(
    nomination: Nomination,
    form: DossierForm,
    upload_form: DocumentForm,
    status: int = 200,
    refusal: Refusal | None = None,
):
    page = render_template(
        "awards/dossier.html",
        nomination=nomination,
        programme=nomination.programme,
        form=form,
        upload_form=upload_form,
        button=EmptyForm(),
        labels=DOCUMENT_LABELS,
        editable=nomination.status in dossiers.EDITABLE
        and nomination.programme.phase in (rules.NOMINATION, rules.SCREENING),
        missing=dossiers.missing_for_submission(nomination),
        refusal=refusal,
    )
    return page, status


@bp.route("/nominations/<int:nomination_id>", methods=["GET", "POST"])
@login_required
def dossier(nomination_id: int):
    nomination = own_dossier(nomination_id)
    form = DossierForm(obj=nomination if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            with refusable():
                dossiers.update_dossier(nomination, form.data_dict(), current_user)
        except AwardError as error:
            form.form_errors.append(str(error))  # above the form: the dossier's rules speak of it as a whole
            return _dossier_page(nomination, form, DocumentForm(formdata=None), error.status)
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("awards.dossier", nomination_id=nomination.id))
    return _dossier_page(nomination, form, DocumentForm(formdata=None), 422 if form.is_submitted() else 200)


@bp.route("/nominations/<int:nomination_id>/documents", methods=["POST"])
@login_required
@limit_uploads
def dossier_upload(nomination_id: int):
    nomination = own_dossier(nomination_id)
    form = DocumentForm()
    upload = form.upload(documents.MAX_DOCUMENT_BYTES) if form.validate_on_submit() else None
    if upload is None:
        form.file.errors.append(_("Choose a file."))
        return _dossier_page(nomination, DossierForm(obj=nomination, formdata=None), form, 422)
    try:
        with refusable():
            dossiers.add_document(nomination, form.kind.data, upload)
    except AwardError as error:
        form.file.errors.append(f"{upload.filename}: {error}")
        return _dossier_page(nomination, DossierForm(obj=nomination, formdata=None), form, error.status)
    flash(_("The document is attached."), "success")
    return redirect(url_for("awards.dossier", nomination_id=nomination.id) + "#documents", code=303)


@bp.route("/nominations/<int:nomination_id>/documents/<int:document_id>/delete", methods=["POST"])
@login_required
def dossier_remove(nomination_id: int, document_id: int):
    nomination = own_dossier(nomination_id)
    document = db.session.get(Document, document_id) if 0 < document_id <= MAX_ID else None
    if document is None or document.nomination_id != nomination.id or not EmptyForm().validate_on_submit():
        abort(404)
    try:
        with refusable():
            leftover = dossiers.remove_document(document)
    except AwardError as error:
        return _dossier_page(
            nomination,
            DossierForm(obj=nomination, formdata=None),
            DocumentForm(formdata=None),
            error.status,
            Refusal(str(error)),
        )
    if leftover:
        after_commit(lambda: documents.discard([leftover]))  # a rollback must not lose the file
    flash(_("The document is removed."), "success")
    return redirect(url_for("awards.dossier", nomination_id=nomination.id) + "#documents", code=303)


@bp.route("/nominations/<int:nomination_id>/submit", methods=["POST"])
@login_required
def dossier_submit(nomination_id: int):
    nomination = own_dossier(nomination_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        with refusable():
            dossiers.submit_dossier(nomination, current_user)
    except AwardError as error:
        form = DossierForm(obj=nomination, formdata=None)
        form.form_errors.append(str(error))
        return _dossier_page(nomination, form, DocumentForm(formdata=None), error.status)
    flash(_("The dossier is submitted. The organiser will screen it."), "success")
    return redirect(url_for("awards.dossier", nomination_id=nomination.id), code=303)


@bp.route("/nominations/<int:nomination_id>/documents/<int:document_id>")
@login_required
def dossier_file(nomination_id: int, document_id: int):
    document = db.session.get(Document, document_id) if 0 < document_id <= MAX_ID else None
    if (
        document is None
        or document.nomination_id != nomination_id
        or not can_read_dossier(current_user, document.nomination)
    ):
        abort(404)
    try:
        path = documents.file_path(document.media_type, document.storage_key)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    pdf = document.media_type == "pdf"
    # At most 10 MB, read whole: no open file is left behind whatever the client does with the response.
    response = Response(path.read_bytes(), mimetype="application/pdf" if pdf else "image/jpeg")
    filename = secure_filename(document.filename) or "document.pdf" if pdf else "photo.jpg"
    response.headers["Content-Disposition"] = f'{"attachment" if pdf else "inline"}; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
