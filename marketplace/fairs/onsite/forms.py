"""The exhibitor's form naming one member of its staff for a badge."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from marketplace.core.forms import Form
from marketplace.fairs.onsite.badges import NAME_MAX


class StaffBadgeForm(Form):
    person_name = StringField(
        _l("Full name"),
        validators=[DataRequired(), Length(max=NAME_MAX)],
        description=_l("As it should be printed on the badge."),
    )
