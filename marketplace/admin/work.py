"""What the administrator finds on 'My work': accounts and roles, the audit log."""

from flask import url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from marketplace.core.permissions import can_manage_users, can_view_audit_log
from marketplace.core.work import WorkItem, work_section


@work_section(50, _l("Administration"))
def admin_work(user) -> list[WorkItem]:
    items = []
    if can_manage_users(user):
        items.append(WorkItem(gettext("Accounts and roles"), url_for("admin.users")))
    if can_view_audit_log(user):
        items.append(WorkItem(gettext("Audit log"), url_for("admin.audit")))
    return items
