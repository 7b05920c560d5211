"""Defects the fuzzers found, each kept as a plain test so they stay fixed."""

from werkzeug.datastructures import MultiDict
from wtforms import StringField
from wtforms.validators import Length

from marketplace.core.forms import Form


class ShortForm(Form):
    class Meta:
        csrf = False

    code = StringField("Code", [Length(max=5)])
    word = StringField("Word", [Length(min=3)])


def test_a_too_long_field_gets_a_translated_message_not_a_key_error(app):
    """Length(max=...) alone makes WTForms call ngettext; Flask-Babel's formatted it with only
    %(num)s and every too-long text field of the producer and product forms raised KeyError: 'max'."""
    with app.test_request_context("/", headers={"Cookie": "lang=vi"}):
        form = ShortForm(MultiDict({"code": "x" * 6, "word": "ab"}))

        assert not form.validate()
        assert form.code.errors == ["Không được dài quá 5 ký tự."]
        assert form.word.errors == ["Cần ít nhất 3 ký tự."]

    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        form = ShortForm(MultiDict({"code": "x" * 6, "word": "ab"}))

        assert not form.validate()
        assert form.code.errors == ["Field cannot be longer than 5 characters."]
