"""Forms of the administration pages: a staff account, a role change."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from marketplace.core.forms import Form, SelectChoice
from marketplace.core.permissions import ROLES
from marketplace.core.templating import ROLE_LABELS


def _role_choices():
    return [SelectChoice(role, ROLE_LABELS[role]) for role in ROLES]


class NewAccountForm(Form):
    """An account made by an administrator; its owner chooses the password from a mailed link."""

    display_name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=120, message=_l("Use at most %(max)d characters."))]
    )
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
            Email(check_deliverability=False),
        ],
    )
    role = SelectField(_l("Role"), choices=_role_choices, validators=[DataRequired()])


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=_role_choices, validators=[DataRequired()])
