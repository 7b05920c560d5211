"""Forms of saved searches: saving the search on the results page, and the buttons that delete one."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.validators import DataRequired

from marketplace.core.forms import Form, SelectChoice
from marketplace.search.saved.models import DAILY, WEEKLY

FREQUENCY_LABELS = {DAILY: _l("Daily"), WEEKLY: _l("Weekly")}


class SaveSearchForm(Form):
    """The words and filters travel as the listing's own hidden fields (q, group, province, ...),
    read by services.normal_search; this form checks the CSRF token and the frequency."""

    frequency = SelectField(
        _l("How often"),
        validators=[DataRequired()],
        choices=[SelectChoice(value, label) for value, label in FREQUENCY_LABELS.items()],
        default=DAILY,
    )


class ConfirmForm(Form):
    """A button and its CSRF token."""
