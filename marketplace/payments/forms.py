"""Payment forms: the buttons that start a payment, and the organiser's confirm, refund and import forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from marketplace.core.forms import Form
from marketplace.core.money import MoneyField
from marketplace.payments.services import MAX_INVOICE_VND


class ActionForm(Form):
    """A button that changes something: CSRF only."""


class ConfirmTransferForm(Form):
    amount_vnd = MoneyField(
        _l("Amount received (đồng)"),
        validators=[DataRequired(), NumberRange(min=1, max=MAX_INVOICE_VND)],
        description=_l("As shown on the bank account, e.g. 1.250.000"),
    )
    note = StringField(_l("Note (date, bank reference)"), validators=[Optional(), Length(max=500)])


class RefundForm(Form):
    entry_id = HiddenField(validators=[DataRequired()])
    amount_vnd = MoneyField(
        _l("Amount to refund (đồng)"), validators=[DataRequired(), NumberRange(min=1, max=MAX_INVOICE_VND)]
    )
    note = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class EntryActionForm(Form):
    entry_id = HiddenField(validators=[DataRequired()])


class StatementForm(Form):
    statement = FileField(
        _l("Bank statement (CSV)"),
        validators=[FileRequired()],
        description=_l("Columns: date, amount, description. Nothing is recorded before you confirm."),
    )
