"""Administration pages: accounts and roles for admins, the audit log for the centre's staff."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from marketplace.accounts import notifications, services
from marketplace.accounts.models import User
from marketplace.admin import queries
from marketplace.admin.blueprint import bp
from marketplace.admin.forms import NewAccountForm, RoleForm
from marketplace.core.forms import Form
from marketplace.core.pagination import page_number
from marketplace.core.permissions import ADMIN, ORGANISER, can_manage_users, can_view_audit_log, role_required
from marketplace.core.refusals import Refusal
from marketplace.core.templating import account_link, role_label
from marketplace.extensions import db

account_link("admin.users", _l("Accounts and roles"), can_manage_users)
account_link("admin.audit", _l("Audit log"), can_view_audit_log)


def _account_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id) if user_id < 2**31 else None
    if user is None:
        abort(404)
    return user


@bp.route("/users")
@role_required(ADMIN)
def users():
    text, role = request.args.get("q", ""), request.args.get("role", "")
    page = queries.accounts_page(text, role, page_number(request.args.get("page")))
    return render_template("admin/users.html", page=page, text=text, role=role, page_url=_page_url)


@bp.route("/users/new", methods=["GET", "POST"])
@role_required(ADMIN)
def user_new():
    form = NewAccountForm(role=request.args.get("role", ORGANISER))
    if form.validate_on_submit():
        try:
            user = services.invite_account(current_user, form.email.data, form.display_name.data, form.role.data)
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            notifications.send_invitation(user, current_user)
            flash(_("Account created. We sent %(email)s a link to choose a password.", email=user.email), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/user_new.html", form=form), status


def _detail_page(user: User, role_form: RoleForm, status: int = 200, refusal: Refusal | None = None):
    page = render_template(
        "admin/user_detail.html",
        user=user,
        role_form=role_form,
        block_form=Form(),
        history=queries.account_history(user),
        is_self=user.id == current_user.id,
        refusal=refusal,
    )
    return page, status


@bp.route("/users/<int:user_id>")
@role_required(ADMIN)
def user_detail(user_id: int):
    user = _account_or_404(user_id)
    return _detail_page(user, RoleForm(role=user.role))


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required(ADMIN)
def user_role(user_id: int):
    user = _account_or_404(user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _detail_page(user, form, 422)
    try:
        services.set_role(current_user, user, form.role.data)
    except services.AccountError as error:
        form.role.errors.append(str(error))
        return _detail_page(user, form, 422)
    flash(_("The role of %(name)s is now: %(role)s.", name=user.display_name, role=role_label(user.role)), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@role_required(ADMIN)
def user_active(user_id: int):
    user = _account_or_404(user_id)
    if not Form().validate_on_submit():
        abort(400)
    try:
        services.set_active(current_user, user, request.form.get("active") == "1")
    except services.AccountError as error:  # shown in place: a redirect would commit
        return _detail_page(user, RoleForm(role=user.role), 422, refusal=Refusal(str(error)))
    flash(_("Account unblocked.") if user.is_active else _("Account blocked: it can no longer sign in."), "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/audit")
@role_required(ADMIN, ORGANISER)
def audit():
    action, subject = request.args.get("action", ""), request.args.get("subject", "")
    page = queries.audit_page(action, subject, page_number(request.args.get("page")))
    return render_template(
        "admin/audit.html",
        page=page,
        action=action,
        subject=subject,
        actions=queries.audit_actions(),
        page_url=_page_url,
    )


def _page_url(number: int) -> str:
    """This listing's address with the same filters, on page `number`."""
    args = request.args.to_dict()
    args["page"] = number
    return url_for(request.endpoint, **args)
