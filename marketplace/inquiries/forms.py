"""Inquiry forms: a new inquiry, a message, a quote, closing a thread, a buying request, moderation, mail settings."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace.catalogue.groups import PRODUCT_GROUPS
from marketplace.core.contacts import is_phone
from marketplace.core.forms import Form, SelectChoice
from marketplace.core.money import MoneyField
from marketplace.inquiries.services import MAX_BODY, MAX_PRICE_VND

_MAX = _l("Use at most %(max)d characters.")


def _province_choices():
    from marketplace.geography import resolver

    return [SelectChoice("", _l("— Choose a province —"))] + [
        SelectChoice(p.code, p.name) for p in resolver.provinces()
    ]


class InquiryForm(Form):
    message = TextAreaField(
        _l("Your message"),
        validators=[DataRequired(), Length(max=MAX_BODY, message=_MAX)],
        description=_l("What you need, for whom, any packaging or certificate you require."),
        render_kw={"rows": 6},
    )
    quantity = IntegerField(_l("Quantity"), validators=[Optional(), NumberRange(min=1, max=10**9)])
    unit = StringField(
        _l("Unit"),
        validators=[Optional(), Length(max=40, message=_MAX)],
        render_kw={"placeholder": _l("kg, pieces, sets...")},
    )
    target_price_vnd = MoneyField(
        _l("Target price per unit (VND, optional)"),
        validators=[Optional(), NumberRange(min=0, max=MAX_PRICE_VND)],
        render_kw={"inputmode": "numeric"},
    )
    delivery_province_code = SelectField(_l("Delivery province"), validators=[Optional()])
    delivery_country = StringField(
        _l("Or delivery country (export)"),
        validators=[Optional(), Length(max=80, message=_MAX)],
    )
    wanted_by = DateField(_l("Wanted by"), validators=[Optional()])
    contact_preference = RadioField(
        _l("How should the producer contact you?"),
        choices=[
            SelectChoice("site", _l("Reply here on the site")),
            SelectChoice("email", _l("By email")),
            SelectChoice("phone", _l("By phone")),
        ],
        default="site",
        validators=[DataRequired()],
    )
    contact_phone = StringField(
        _l("Your phone number"),
        validators=[Length(max=30, message=_MAX)],
        description=_l("Needed when you choose to be called, e.g. 0912 345 678."),
        render_kw={"inputmode": "tel", "autocomplete": "tel"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.delivery_province_code.choices = _province_choices()

    def details(self) -> dict:
        return {
            "message": self.message.data,
            "quantity": self.quantity.data,
            "unit": self.unit.data,
            "target_price_vnd": self.target_price_vnd.data,
            "delivery_province_code": self.delivery_province_code.data or None,
            "delivery_country": self.delivery_country.data,
            "wanted_by": self.wanted_by.data,
            "contact_preference": self.contact_preference.data,
            "contact_phone": self.contact_phone.data,
        }

    def validate_contact_phone(self, field) -> None:
        """Required, and a phone number, when the buyer asks to be called."""
        if self.contact_preference.data != "phone":
            return
        if not is_phone(field.data):
            raise ValidationError(_l("Give the phone number to call you on, e.g. 0912 345 678."))


class MessageForm(Form):
    body = TextAreaField(
        _l("Message"),
        validators=[DataRequired(), Length(max=MAX_BODY, message=_MAX)],
        render_kw={"rows": 4},
        description=_l("Plain text; web addresses become links."),
    )
    attachment = FileField(
        _l("Attach a file (optional)"),
        description=_l("A PDF document or a photo, up to 10 MB."),
        render_kw={"accept": "application/pdf,image/jpeg,image/png,image/webp"},
    )


class QuoteForm(Form):
    unit_price_vnd = MoneyField(
        _l("Unit price (VND)"),
        validators=[DataRequired(), NumberRange(min=0, max=MAX_PRICE_VND)],
        render_kw={"inputmode": "numeric"},
    )
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40, message=_MAX)])
    min_quantity = IntegerField(_l("Minimum quantity"), validators=[Optional(), NumberRange(min=1, max=10**9)])
    lead_time_days = IntegerField(_l("Lead time (days)"), validators=[Optional(), NumberRange(min=0, max=3650)])
    valid_until = DateField(_l("Valid until"), validators=[DataRequired()])
    delivery_terms = StringField(
        _l("Delivery terms"),
        validators=[Optional(), Length(max=200, message=_MAX)],
        render_kw={"placeholder": _l("e.g. delivered to Hà Nội, or FOB Hải Phòng")},
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000, message=_MAX)], render_kw={"rows": 3})

    def details(self) -> dict:
        return {
            name: getattr(self, name).data
            for name in (
                "unit_price_vnd",
                "unit",
                "min_quantity",
                "lead_time_days",
                "valid_until",
                "delivery_terms",
                "note",
            )
        }


class CloseForm(Form):
    outcome = RadioField(
        _l("How did it end?"),
        choices=[
            SelectChoice("won", _l("We agreed a deal")),
            SelectChoice("lost", _l("No deal")),
            SelectChoice("no_reply", _l("No reply from the other side")),
        ],
        validators=[DataRequired()],
    )


class ActionForm(Form):
    """Only a CSRF token: accept, decline, report, dismiss, unhide."""


class RequestForm(Form):
    title = StringField(_l("What are you looking for?"), validators=[DataRequired(), Length(max=200, message=_MAX)])
    group_number = SelectField(
        _l("Product group"),
        coerce=int,
        choices=[SelectChoice(g.number, g.label) for g in PRODUCT_GROUPS],
        validators=[DataRequired()],
    )
    details = TextAreaField(
        _l("Details"), validators=[Optional(), Length(max=MAX_BODY, message=_MAX)], render_kw={"rows": 5}
    )
    quantity = IntegerField(_l("Quantity"), validators=[DataRequired(), NumberRange(min=1, max=10**9)])
    unit = StringField(_l("Unit"), validators=[DataRequired(), Length(max=40, message=_MAX)])
    province_code = SelectField(_l("Delivery province"), validators=[Optional()])
    export_market = StringField(_l("Or export market"), validators=[Optional(), Length(max=80, message=_MAX)])
    deadline = DateField(_l("Quotes wanted by"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province_code.choices = _province_choices()

    def details_data(self) -> dict:
        data = {
            name: getattr(self, name).data
            for name in ("title", "group_number", "details", "quantity", "unit", "export_market", "deadline")
        }
        data["province_code"] = self.province_code.data or None
        return data


class HideForm(Form):
    reason = StringField(_l("Reason (shown to the buyer)"), validators=[DataRequired(), Length(max=200, message=_MAX)])


class SettingsForm(Form):
    daily_digest = BooleanField(_l("Send me one summary a day instead of one email per message"))
    next = HiddenField()
