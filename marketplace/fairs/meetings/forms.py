"""Forms of the meeting pages: a series of slots, a buyer's request, an exhibitor's answer."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, TextAreaField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from marketplace.core.forms import Form
from marketplace.core.i18n import format_date
from marketplace.fairs.forms import options
from marketplace.fairs.meetings.services import MAX_SERIES, SLOT_MINUTES


class SlotSeriesForm(Form):
    day = SelectField(_l("Day"), validators=[DataRequired()])
    start = TimeField(_l("First slot starts at (Vietnam time)"), [InputRequired()], format="%H:%M")
    minutes = SelectField(
        _l("Length of each slot"),
        coerce=int,
        default=30,
        choices=options((m, _l("%(n)s minutes", n=m)) for m in SLOT_MINUTES),
    )
    count = IntegerField(
        _l("Number of slots, one after another"), [InputRequired(), NumberRange(min=1, max=MAX_SERIES)], default=4
    )

    def set_days(self, fair) -> None:
        days = [fair.starts_on.fromordinal(n) for n in range(fair.starts_on.toordinal(), fair.ends_on.toordinal() + 1)]
        self.day.choices = options((day.isoformat(), format_date(day)) for day in days)


class MeetingRequestForm(Form):
    slot = RadioField(_l("Time"), coerce=int, validators=[InputRequired(_l("Choose a time."))])
    message = TextAreaField(
        _l("What would you like to discuss?"),
        [DataRequired(_l("Say in a few words what you would like to discuss.")), Length(max=2000)],
    )


class AnswerForm(Form):
    reply = TextAreaField(_l("Message to the buyer (optional)"), [Optional(), Length(max=1000)])
