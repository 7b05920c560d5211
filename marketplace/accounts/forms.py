"""Account forms: what a person types to register, sign in and look after their password."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, RadioField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from marketplace.accounts.passwords import MAX_LENGTH, password_problem
from marketplace.core.forms import Form, SelectChoice
from marketplace.core.permissions import BUYER, PRODUCER


def _password_rules(form, field):
    problem = password_problem(field.data or "", getattr(form, "email", None) and form.email.data)
    if problem:
        raise ValidationError(problem)


def _email_field():
    return EmailField(
        _l("Email"),
        validators=[
            DataRequired(),
            Length(max=254, message=_l("Use at most %(max)d characters.")),
            Email(check_deliverability=False),
        ],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class RegistrationForm(Form):
    display_name = StringField(
        _l("Your name or your establishment's name"),
        validators=[DataRequired(), Length(max=120, message=_l("Use at most %(max)d characters."))],
        render_kw={"autocomplete": "name"},
    )
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), _password_rules],
        description=_l("At least 8 characters. A short sentence is easy to remember."),
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    role = RadioField(
        _l("I am"),
        choices=[
            SelectChoice(PRODUCER, _l("A producer: I make products and want buyers")),
            SelectChoice(BUYER, _l("A buyer: I am looking for products and suppliers")),
        ],
        default=PRODUCER,
        validators=[DataRequired()],
    )
    next = HiddenField()


class LoginForm(Form):
    email = _email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ResetRequestForm(Form):
    email = _email_field()


class ResetPasswordForm(Form):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), _password_rules],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(ResetPasswordForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )


class ResendVerificationForm(Form):
    """Only a CSRF token: the button resends the link to the signed-in account's address."""
