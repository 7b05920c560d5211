"""The base form: CSRF from Flask-WTF, and WTForms' own messages translated through our catalog."""

from flask_babel import get_translations
from flask_wtf import FlaskForm

try:
    from wtforms import SelectChoice  # choices as tuples are deprecated from WTForms 3.3
except ImportError:  # older WTForms takes plain (value, label) pairs

    def SelectChoice(value, label=None):  # noqa: N802
        return (value, value if label is None else label)


def N_(message: str) -> str:
    """Marks a string for extraction without translating it here."""
    return message


# WTForms' built-in messages we rely on, listed so `pybabel extract` puts them in our catalog.
WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Invalid email address."),
    N_("Not a valid integer value."),
    N_("Not a valid decimal value."),
    N_("Not a valid float value."),
    N_("Not a valid choice."),
    N_("Not a valid date value."),
    N_("Not a valid datetime value."),
    N_("Invalid input."),
    N_("Field must be equal to %(other_name)s."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("The CSRF token is missing."),
    N_("The CSRF token is invalid."),
    N_("The CSRF token has expired."),
    N_("The CSRF session token is missing."),
    N_("The CSRF tokens do not match."),
)


def _wtforms_plural_messages(ngettext):  # never called: lists WTForms' plural messages for `pybabel extract`
    ngettext("Field must be at least %(min)d character long.", "Field must be at least %(min)d characters long.", 1)
    ngettext("Field cannot be longer than %(max)d character.", "Field cannot be longer than %(max)d characters.", 1)
    ngettext("Field must be exactly %(max)d character long.", "Field must be exactly %(max)d characters long.", 1)


class _CatalogTranslations:
    """The bare catalog: WTForms fills in %(min)d/%(max)d itself. Flask-Babel's own ngettext would
    format the message first with only %(num)s known, and a Length(max=...) error became a KeyError."""

    def gettext(self, string):
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ungettext(singular, plural, n)


class Form(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _CatalogTranslations()


def show_refusal(form, error) -> None:
    """Show a rule's refusal (core.rules.RuleError) on the form: on its field when it names one the
    form has, else above the form. The view then renders the form again with 422."""
    field = getattr(form, error.field, None) if getattr(error, "field", None) else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))
