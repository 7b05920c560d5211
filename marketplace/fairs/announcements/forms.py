"""Forms of the announcement pages: writing one, and a producer's choice of calls to be mailed."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.catalogue.groups import PRODUCT_GROUPS
from marketplace.core.forms import Form
from marketplace.fairs.announcements.models import CALL, NEWS
from marketplace.fairs.forms import MultiCheckboxField, options
from marketplace.geography import resolver

KIND_LABELS = {NEWS: _l("News"), CALL: _l("Call (registration, application, course)")}


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class AnnouncementForm(Form):
    kind = RadioField(_l("Kind"), choices=options(KIND_LABELS.items()), default=NEWS)
    title = StringField(_l("Headline"), [DataRequired(), Length(max=200)])
    body = TextAreaField(
        _l("Text"),
        [DataRequired(), Length(max=20000)],
        description=_l("Plain text; leave an empty line between paragraphs."),
    )
    fair_id = SelectField(_l("About a fair (optional)"), coerce=_optional_int)
    programme_id = SelectField(_l("About a standout-products programme (optional)"), coerce=_optional_int)
    province_code = SelectField(_l("A call for producers of one province (optional)"))
    product_group = SelectField(_l("A call for one product group (optional)"), coerce=_optional_int)

    def set_choices(self, fairs, programmes) -> None:
        everyone = ("", _l("—"))
        self.fair_id.choices = options([everyone, *((f.id, f.name) for f in fairs)])
        self.programme_id.choices = options([everyone, *((p.id, f"{p.name} ({p.year})") for p in programmes)])
        self.province_code.choices = options(
            [("", _l("Every province")), *((p.code, p.name) for p in resolver.provinces())]
        )
        self.product_group.choices = options(
            [("", _l("Every product group")), *((g.number, g.label) for g in PRODUCT_GROUPS)]
        )


class CallPreferencesForm(Form):
    active = BooleanField(_l("Email me new calls"))
    provinces = MultiCheckboxField(_l("Also calls meant for producers of"))
    groups = MultiCheckboxField(_l("Also calls meant for these product groups"), coerce=int)

    def set_choices(self, provinces: list[str]) -> None:
        named = [(code, p.name) for code in provinces if (p := resolver.province_by_code(code)) is not None]
        self.provinces.choices = options(named)
        self.groups.choices = options((g.number, g.label) for g in PRODUCT_GROUPS)


class ConfirmForm(Form):
    """A button and its CSRF token."""
