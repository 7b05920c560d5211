"""Forms of the fair pages: the organiser's set-up and desk, and the producer's booking steps."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.catalogue.groups import PRODUCT_GROUPS
from marketplace.core.forms import Form, SelectChoice
from marketplace.core.money import MAX_INVOICE_VND, MoneyField
from marketplace.fairs.models import BOOTH_KINDS, BY_APPROVAL, FIRST_COME
from marketplace.geography import resolver
from marketplace.producers.labels import ESTABLISHMENT_LABELS

KIND_LABELS = {
    "standard": _l("Standard (3 m × 3 m = 9 m²)"),
    "corner": _l("Corner (open on two sides)"),
    "double": _l("Double (two standard booths)"),
    "pavilion": _l("Pavilion (large space)"),
}
MODE_LABELS = {
    FIRST_COME: _l("First come, first served: a hold goes straight on to payment"),
    BY_APPROVAL: _l("By approval: the organiser accepts or rejects each application"),
}


def options(pairs) -> list:
    """(value, label) pairs as WTForms choices (tuples are deprecated from WTForms 3.3)."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        """A value that is not offered is refused with a plain message: WTForms' own goes through
        ngettext with a %(value)s placeholder that Flask-Babel cannot fill (a KeyError, a 500)."""
        acceptable = {self.coerce(choice[0]) for choice in self.iter_choices()}
        if any(value not in acceptable for value in self.data or []):
            raise ValidationError(_l("Choose only from the options offered."))


def _money(label, required=False, maximum=10_000_000_000, **kwargs):
    validators = [InputRequired() if required else Optional(), NumberRange(min=0, max=maximum)]
    return MoneyField(label, validators, **kwargs)


class FairForm(Form):
    name = StringField(_l("Name of the fair"), [DataRequired(), Length(max=200)])
    name_en = StringField(
        _l("Name in English"),
        [Optional(), Length(max=200)],
        description=_l("Shown on English pages; empty: the Vietnamese name."),
    )
    venue = StringField(_l("Venue"), [DataRequired(), Length(max=200)])
    venue_en = StringField(_l("Venue in English"), [Optional(), Length(max=200)])
    province_code = SelectField(_l("Province"), validators=[DataRequired()])
    starts_on = DateField(_l("First day"), [DataRequired()])
    ends_on = DateField(_l("Last day"), [DataRequired()])
    registration_opens_on = DateField(_l("Registration opens on"), [DataRequired()])
    registration_closes_on = DateField(_l("Registration closes on"), [DataRequired()])
    description = TextAreaField(_l("Description"), [Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description in English"), [Optional(), Length(max=5000)])
    booking_mode = RadioField(_l("How booths are given out"), choices=options(MODE_LABELS.items()), default=FIRST_COME)
    verified_only = BooleanField(_l("Only CNNT establishments confirmed by the extension centre"))
    eligible_groups = MultiCheckboxField(_l("Only producers of these product groups (none ticked: all)"), coerce=int)
    eligible_provinces = MultiCheckboxField(_l("Only producers from these provinces (none ticked: all)"))
    max_booths_per_producer = IntegerField(
        _l("Most booths one producer may book"), [InputRequired(), NumberRange(min=1, max=50)], default=2
    )
    hold_minutes = IntegerField(
        _l("Minutes a booth is held while the producer applies"), [InputRequired(), NumberRange(min=5, max=1440)]
    )
    payment_hold_hours = IntegerField(
        _l("Hours a booth is kept while waiting for payment"), [InputRequired(), NumberRange(min=1, max=720)]
    )
    offer_hours = IntegerField(
        _l("Hours a freed booth is kept for the next producer on the waiting list"),
        [InputRequired(), NumberRange(min=1, max=336)],
    )
    cancel_deadline = DateField(
        _l("Producers may cancel until"), [Optional()], description=_l("Empty: until the day before the fair.")
    )
    subsidy_percent = IntegerField(
        _l("Subsidy, percent of the booth price"), [InputRequired(), NumberRange(min=0, max=100)], default=0
    )
    subsidy_cap_vnd = _money(_l("Subsidy cap per booth (₫)"), maximum=MAX_INVOICE_VND, description=_l("Empty: no cap."))
    subsidy_budget_vnd = _money(_l("Total subsidy budget for the fair (₫)"), default=0)
    subsidy_verified_only = BooleanField(_l("Subsidy only for establishments confirmed by the centre"))
    subsidy_types = MultiCheckboxField(_l("Subsidy only for these kinds of establishment (none ticked: all)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = [(p.code, p.name) for p in resolver.provinces()]
        self.province_code.choices = options([("", _l("Choose…")), *provinces])
        self.eligible_provinces.choices = options(provinces)
        self.eligible_groups.choices = options((g.number, g.label) for g in PRODUCT_GROUPS)
        self.subsidy_types.choices = options(ESTABLISHMENT_LABELS.items())

    def values(self) -> dict:
        data = {name: field.data for name, field in self._fields.items() if name != "csrf_token"}
        data["eligible_groups"] = list(data["eligible_groups"] or [])
        data["eligible_provinces"] = list(data["eligible_provinces"] or [])
        data["subsidy_types"] = list(data["subsidy_types"] or [])
        return data


class BoothTypeForm(Form):
    code = StringField(
        _l("Code (used in the CSV plan)"),
        [DataRequired(), Length(max=20)],
        description=_l("For example: standard, corner, double."),
    )
    name = StringField(_l("Name shown to producers"), [DataRequired(), Length(max=80)])
    name_en = StringField(
        _l("Name in English"),
        [Optional(), Length(max=80)],
        description=_l("Shown on English pages; empty: the Vietnamese name."),
    )
    kind = SelectField(_l("Kind"), choices=options((k, KIND_LABELS[k]) for k in BOOTH_KINDS))
    width_m = FloatField(
        _l("Width (m)"), [Optional(), NumberRange(min=1, max=100)], description=_l("Empty: the usual size of the kind.")
    )
    depth_m = FloatField(_l("Depth (m)"), [Optional(), NumberRange(min=1, max=100)])
    price_vnd = _money(_l("Price (₫)"), required=True, maximum=MAX_INVOICE_VND)  # one invoice must carry it
    inclusions = TextAreaField(_l("What the price includes (one item a line)"), [Optional(), Length(max=2000)])
    inclusions_en = TextAreaField(
        _l("What the price includes, in English (one item a line)"), [Optional(), Length(max=2000)]
    )


class HallForm(Form):
    name = StringField(_l("Name of the hall"), [DataRequired(), Length(max=80)])
    width_m = FloatField(_l("Width (m)"), [InputRequired(), NumberRange(min=3, max=1000)], default=30)
    depth_m = FloatField(_l("Depth (m)"), [InputRequired(), NumberRange(min=3, max=1000)], default=20)


class BoothRowForm(Form):
    booth_type = SelectField(_l("Booth type"), coerce=int)
    prefix = StringField(
        _l("Code prefix"),
        [DataRequired(), Length(max=6), Regexp(r"^[A-Za-z][A-Za-z0-9-]*$")],
        description=_l("For example A: booths A01, A02, …"),
    )
    start = IntegerField(_l("First number"), [InputRequired(), NumberRange(min=0, max=9999)], default=1)
    count = IntegerField(_l("Number of booths"), [InputRequired(), NumberRange(min=1, max=100)], default=10)
    x = FloatField(_l("From the left wall (m)"), [InputRequired(), NumberRange(min=0, max=1000)], default=1)
    y = FloatField(_l("From the top wall (m)"), [InputRequired(), NumberRange(min=0, max=1000)], default=1)
    direction = RadioField(
        _l("Direction"),
        default="row",
        choices=options([("row", _l("Left to right")), ("column", _l("Top to bottom"))]),
    )


class PlanImportForm(Form):
    plan = FileField(_l("CSV file: code, type, x, y, w, h (metres)"), [FileRequired()])


class BoothActionForm(Form):
    booths = SelectMultipleField(_l("Booths"), coerce=int, validators=[DataRequired(_l("Select some booths."))])
    action = SelectField(
        _l("Do this with the selected booths"),
        choices=options(
            [
                ("block", _l("Block (not for booking)")),
                ("unblock", _l("Unblock")),
                ("type", _l("Change the type to")),
                ("delete", _l("Delete")),
            ]
        ),
    )
    booth_type = SelectField(_l("New type"), coerce=int, validators=[Optional()])


class ProducerChoiceMixin:
    producer = SelectField(_l("Book for"), coerce=int)

    def set_producers(self, producers) -> None:
        self.producer.choices = options((p.id, p.name) for p in producers)


class HoldForm(ProducerChoiceMixin, Form):
    pass


class ApplicationForm(Form):
    products = MultiCheckboxField(_l("Products you will show"), coerce=int)
    note = TextAreaField(_l("Message to the organiser (optional)"), [Optional(), Length(max=2000)])


class ProductsForm(Form):
    products = MultiCheckboxField(_l("Products you will show"), coerce=int)


class RequestForm(ProducerChoiceMixin, Form):
    booth_type = SelectField(_l("Booth type you would like"), coerce=int)
    products = MultiCheckboxField(_l("Products you will show"), coerce=int)
    note = TextAreaField(_l("Message to the organiser (optional)"), [Optional(), Length(max=2000)])


class WaitlistForm(ProducerChoiceMixin, Form):
    booth_type = SelectField(_l("Booth type"), coerce=int)


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), [DataRequired(_l("Please give a reason.")), Length(max=1000)])


class BoothCodeForm(Form):
    booth_code = StringField(_l("Booth code"), [DataRequired(), Length(max=20)])
