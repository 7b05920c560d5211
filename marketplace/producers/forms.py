"""Forms of the producer management pages: the profile, and the centre's staff tools."""

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp, ValidationError

from marketplace.core.contacts import PHONE, website_url
from marketplace.core.forms import Form, SelectChoice
from marketplace.geography import resolver
from marketplace.producers.labels import ESTABLISHMENT_LABELS
from marketplace.producers.models import Producer
from marketplace.producers.services import PROFILE_FIELDS
from marketplace.producers.taxcode import tax_code_problem

CHECK_SUBJECTS = {
    "tax_code": _l("Tax code"),
    "registration": _l("Business registration"),
    "address": _l("Address"),
    "visit": _l("Site visit"),
}
# Profile fields copied as they are; the commune is resolved separately.
PLAIN_FIELDS = tuple(name for name in PROFILE_FIELDS if name not in ("commune_code", "commune_name"))


def _choices(labels: dict) -> list:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _text(label, max_length: int, **kwargs):
    return StringField(label, [Optional(), Length(max=max_length)], **kwargs)


class ProducerForm(Form):
    name = StringField(_l("Name of the establishment"), [DataRequired(), Length(max=200)])
    establishment_type = RadioField(
        _l("Type of establishment"),
        choices=_choices(ESTABLISHMENT_LABELS),
        validators=[DataRequired(message=_l("Choose the type of establishment."))],
    )
    tax_code = _text(
        _l("Tax code"),
        20,
        description=_l(
            "10 digits, followed by -NNN for a branch, if any. A household business gives the "
            "12-digit personal identification number of its representative (since 1 July 2025)."
        ),
    )
    registration_number = _text(_l("Business registration number"), 40)
    province_code = SelectField(_l("Province or city"), validators=[DataRequired(message=_l("Choose a province."))])
    commune = _text(
        _l("Commune, ward or special zone"),
        120,
        description=_l("Choose the province first, then type the name and pick it from the list."),
    )
    address = _text(_l("Village, hamlet or street"), 255)
    craft_village = BooleanField(_l("The establishment is in a recognised craft village"))
    craft_village_name = _text(_l("Name of the craft village"), 160)
    representative = _text(_l("Representative"), 120)
    phone = StringField(
        _l("Phone"),
        [Optional(), Regexp(PHONE, message=_l("Write a phone number, e.g. 0912 345 678."))],
    )
    email = EmailField(_l("Email"), [Optional(), Email(), Length(max=254)])
    website = _text(_l("Website"), 255, description=_l("For example https://example.vn"))
    founded_year = IntegerField(_l("Year founded"), [Optional()])
    workforce = IntegerField(_l("Number of workers"), [Optional(), NumberRange(min=0, max=1_000_000)])
    capacity = _text(_l("Production capacity"), 255, description=_l("For example: 5,000 baskets a year"))
    raw_materials = _text(_l("Main raw materials"), 255)
    description = TextAreaField(_l("Description (Vietnamese)"), [Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English, optional)"), [Optional(), Length(max=5000)])

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_code.choices = [SelectChoice("", _l("Choose a province"))] + [
            SelectChoice(p.code, p.name) for p in resolver.provinces()
        ]
        if on_behalf:
            self.email.description = _l(
                "The producer's email. When they register with this address and confirm it, "
                "their account is linked to this profile."
            )

    def validate_tax_code(self, field):
        problem = tax_code_problem(field.data, self.establishment_type.data) if field.data else None
        if problem is not None:
            raise ValidationError(problem)

    def validate_founded_year(self, field):
        if field.data is not None and not 1800 <= field.data <= date.today().year:
            raise ValidationError(_l("Write the year the establishment was founded, e.g. 2005."))

    def validate_website(self, field):
        try:
            field.data = website_url(field.data)
        except ValueError:
            raise ValidationError(_l("Write the full address of the website, e.g. https://example.vn")) from None

    def fill_from(self, producer: Producer) -> None:
        """Show the stored profile, with the commune by its full name so it resolves again."""
        for name in PLAIN_FIELDS:
            getattr(self, name).data = getattr(producer, name)
        self.commune.data = commune_text(producer)

    def profile_data(self) -> dict:
        """Plain data for the producer services, the commune resolved within the province."""
        data = {name: getattr(self, name).data for name in PLAIN_FIELDS}
        text = (self.commune.data or "").strip()
        commune = resolver.resolve_commune(self.province_code.data, text) if text else None
        data["commune_code"] = commune.code if commune else None
        data["commune_name"] = None if commune else (text or None)
        return data


def commune_text(producer: Producer) -> str:
    if producer.commune_code:
        commune = resolver.commune_by_code(producer.commune_code)
        if commune:
            return commune.full_name
    return producer.commune_name or ""


class CheckForm(Form):
    subject = RadioField(
        _l("What was checked"),
        choices=_choices(CHECK_SUBJECTS),
        validators=[DataRequired(message=_l("Choose what was checked."))],
    )
    note = TextAreaField(_l("Note"), [Optional(), Length(max=255)])


class MemberForm(Form):
    email = EmailField(_l("Email of the producer's account"), [DataRequired(), Email(), Length(max=254)])


class StaffFilterForm(Form):
    """The staff list's filters, sent by GET, so a filtered list can be bookmarked."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), [Optional(), Length(max=100)], description=_l("Name, tax code or email"))
    province = SelectField(_l("Province"), validators=[Optional()])
    establishment_type = SelectField(
        _l("Type"),
        validators=[Optional()],
        choices=[SelectChoice("", _l("All types")), *_choices(ESTABLISHMENT_LABELS)],
    )
    verified = SelectField(
        _l("Checked by the centre"),
        validators=[Optional()],
        choices=_choices({"": _l("Either"), "yes": _l("Yes"), "no": _l("Not yet")}),
    )
    account = SelectField(
        _l("Has an account"),
        validators=[Optional()],
        choices=_choices({"": _l("Either"), "yes": _l("Yes"), "no": _l("No")}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province.choices = [SelectChoice("", _l("All provinces"))] + [
            SelectChoice(p.code, p.name) for p in resolver.provinces()
        ]
