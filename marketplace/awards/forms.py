"""Forms of the awards pages (the juror's score sheet is built from the programme's criteria in its view)."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FileField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace.awards import rules
from marketplace.awards.documents import Upload
from marketplace.awards.models import AWARD, OTHER_DOC, PHOTO, QUALITY, REGISTRATION
from marketplace.catalogue.groups import PRODUCT_GROUPS
from marketplace.core.forms import Form, SelectChoice
from marketplace.geography import resolver

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DOCUMENT_LABELS = {
    REGISTRATION: _l("Copy of the business registration certificate"),
    PHOTO: _l("Photo of the product"),
    QUALITY: _l("Quality certificate"),
    AWARD: _l("Award or prize"),
    OTHER_DOC: _l("Other document"),
}
GROUP_CHOICES = [SelectChoice(g.number, g.label) for g in PRODUCT_GROUPS]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _date(label, **kwargs):
    return DateField(label, [Optional()], format=DATE_FORMATS, description=_l("dd/mm/yyyy"), **kwargs)


class ProgrammeForm(Form):
    name = StringField(_l("Name of the programme"), [DataRequired(), Length(max=200)])
    year = IntegerField(_l("Year"), [InputRequired(), NumberRange(min=2000, max=2100)])
    level = SelectField(_l("Level"), choices=[SelectChoice(k, v) for k, v in rules.LEVEL_LABELS.items()])
    area = StringField(
        _l("Area covered"),
        [Optional(), Length(max=40)],
        description=_l(
            "Province name or code (province level), commune code (commune level), "
            "north / central / south (regional level); empty for the national level."
        ),
    )
    groups = MultiCheckboxField(
        _l("Product groups"),
        coerce=int,
        choices=GROUP_CHOICES,
        validators=[DataRequired(message=_l("Choose at least one product group."))],
    )


def _local_datetime(day, hour: int):
    """A date the organiser typed, as that moment in Vietnam, stored in UTC."""
    if day is None:
        return None
    return datetime.combine(day, time(hour), tzinfo=VIETNAM).astimezone(UTC)


class SettingsForm(Form):
    name = StringField(_l("Name of the programme"), [DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), [Optional(), Length(max=5000)])
    nomination_closes_on = _date(_l("Nominations close on"))
    judging_closes_on = _date(_l("Judging closes on"))
    results_on = _date(_l("Results announced on"))
    pass_mark = IntegerField(_l("Pass mark"), [InputRequired(), NumberRange(min=0, max=100)])
    min_scores_per_entry = IntegerField(
        _l("Jurors per entry (balanced assignment)"), [InputRequired(), NumberRange(min=1, max=20)]
    )
    disagreement_points = IntegerField(
        _l("Flag an entry when its jurors' totals differ by more than"), [InputRequired(), NumberRange(min=1, max=100)]
    )
    quota_per_group = IntegerField(
        _l("Most awards per product group (empty: no quota)"), [Optional(), NumberRange(min=1, max=1000)]
    )
    requires_lower_level = BooleanField(_l("Entries need a still-valid certificate from the level below"))
    voting_enabled = BooleanField(_l("Hold a public vote"))
    vote_weight = IntegerField(
        _l("Weight of the public vote in the result, in percent (0: shown beside only)"),
        [InputRequired(), NumberRange(min=0, max=100)],
    )
    voting_opens_on = _date(_l("Public vote opens on"))
    voting_closes_on = _date(_l("Public vote closes at the end of"))
    decision_number = StringField(_l("Number of the People's Committee decision"), [Optional(), Length(max=60)])
    decision_date = _date(_l("Date of the decision (the certificates' issue date)"))
    issuer = StringField(
        _l("Issued by"), [Optional(), Length(max=200)], description=_l("For example: Ủy ban nhân dân tỉnh Thanh Hóa")
    )

    FIELDS = (
        "name",
        "description",
        "nomination_closes_on",
        "judging_closes_on",
        "results_on",
        "pass_mark",
        "min_scores_per_entry",
        "disagreement_points",
        "quota_per_group",
        "requires_lower_level",
        "voting_enabled",
        "vote_weight",
        "decision_number",
        "decision_date",
        "issuer",
    )

    def fill_from(self, programme) -> None:
        for name in self.FIELDS:
            getattr(self, name).data = getattr(programme, name)
        if programme.voting_opens_at:
            self.voting_opens_on.data = programme.voting_opens_at.astimezone(VIETNAM).date()
        if programme.voting_closes_at:
            closes = programme.voting_closes_at.astimezone(VIETNAM)
            # Stored as the first moment after the vote: midnight ends the day before.
            self.voting_closes_on.data = closes.date() - timedelta(days=1 if closes.time() == time(0) else 0)

    def settings(self) -> dict:
        data = {name: getattr(self, name).data for name in self.FIELDS}
        for name in ("decision_number", "issuer", "description"):
            data[name] = (data[name] or "").strip() or None
        data["voting_opens_at"] = _local_datetime(self.voting_opens_on.data, 0)
        closes = self.voting_closes_on.data
        data["voting_closes_at"] = _local_datetime(closes + timedelta(days=1), 0) if closes else None
        return data


class ProducerSearchForm(Form):
    """Staff find the producer they nominate for; sent by GET so it works without JavaScript and can be bookmarked."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Name or tax code"),
        [Optional(), Length(max=100)],
        description=_l("Part of the name (accents do not matter) or of the tax code."),
    )
    province = SelectField(_l("Province"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.province.choices = [SelectChoice("", _l("All provinces"))] + [
            SelectChoice(p.code, p.name) for p in resolver.provinces()
        ]


class NominateForm(Form):
    product = SelectField(_l("Product"), coerce=int, validators=[InputRequired()])
    group = RadioField(_l("Product group"), coerce=int, validators=[InputRequired()])


class DossierForm(Form):
    description = TextAreaField(
        _l("Description of the product"),
        [Optional(), Length(max=5000)],
        description=_l("Materials, how it is made, what makes it stand out."),
    )
    production = TextAreaField(
        _l("Production"),
        [Optional(), Length(max=3000)],
        description=_l("Since when, how many a year, how many workers."),
    )
    markets = TextAreaField(_l("Markets and sales"), [Optional(), Length(max=3000)])
    own_product = BooleanField(_l("The establishment makes this product itself."))
    made_in_series = BooleanField(_l("It is made in series, not as a one-off piece."))
    meets_standards = BooleanField(
        _l("It meets the rules on quality, food safety and the environment, and infringes no intellectual property.")
    )

    FIELDS = ("description", "production", "markets", "own_product", "made_in_series", "meets_standards")

    def data_dict(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class DocumentForm(Form):
    kind = SelectField(_l("What is this document?"), choices=[SelectChoice(k, v) for k, v in DOCUMENT_LABELS.items()])
    file = FileField(_l("File (PDF or photo)"), description=_l("PDF, JPEG, PNG or WebP, at most 10 MB."))

    def upload(self, max_bytes: int) -> Upload | None:
        chosen = self.file.data
        if not getattr(chosen, "filename", ""):
            return None
        return Upload(chosen.filename, chosen.read(max_bytes + 1))


class ScreeningForm(Form):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice("accept", _l("Accept")),
            SelectChoice("return", _l("Return for completion")),
            SelectChoice("reject", _l("Reject")),
        ],
        validators=[InputRequired()],
    )
    note = TextAreaField(_l("Note to the producer"), [Optional(), Length(max=2000)])


class AppointForm(Form):
    email = StringField(_l("Juror's email"), [DataRequired(), Email(), Length(max=254)])
    group = SelectField(_l("Product group"), coerce=int, choices=GROUP_CHOICES)
    commune_code = StringField(_l("Juror's commune code (for conflicts of interest)"), [Optional(), Length(max=5)])


class AssignForm(Form):
    mode = RadioField(
        _l("How"),
        default="balanced",
        choices=[
            SelectChoice("balanced", _l("Balanced: each entry gets the set number of jurors")),
            SelectChoice("all", _l("All: every juror of the group scores every entry")),
        ],
    )


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason"), [DataRequired(), Length(max=300)])


class DecisionForm(Form):
    award = RadioField(
        _l("Decision"),
        validators=[InputRequired()],
        choices=[
            SelectChoice("rule", _l("Follow the rule (pass mark and quota)")),
            SelectChoice("yes", _l("Award")),
            SelectChoice("no", _l("Do not award")),
        ],
    )
    note = StringField(_l("Reason (ties, quota)"), [Optional(), Length(max=500)])

    def award_value(self):
        return {"rule": None, "yes": True, "no": False}[self.award.data]


class ApprovalForm(Form):
    reference = StringField(
        _l("Council minutes or decision"),
        [DataRequired(), Length(max=200)],
        description=_l("For example: Biên bản họp Hội đồng bình chọn số 05/BB-HĐBC"),
    )


class VoteForm(Form):
    nomination_id = HiddenField(validators=[DataRequired()])


class VoidForm(Form):
    reason = StringField(_l("Reason"), [DataRequired(), Length(max=300)])
    ip = HiddenField()
    vote_id = HiddenField()


def _threshold(label, high: int, low: int, description=None):
    return IntegerField(label, [InputRequired(), NumberRange(min=low, max=high)], description=description)


class ThresholdsForm(Form):
    """The anomaly report's thresholds for this programme."""

    new_account_hours = _threshold(
        _l("An account is new for this many hours after it was created"), rules.MAX_NEW_ACCOUNT_HOURS, 1
    )
    burst_votes = _threshold(
        _l("Votes from new accounts for one entry within an hour that make a burst"), rules.MAX_ANOMALY_VOTES, 2
    )
    address_votes = _threshold(_l("Votes from one address worth a look"), rules.MAX_ANOMALY_VOTES, 2)

    FIELDS = ("new_account_hours", "burst_votes", "address_votes")

    def settings(self) -> dict:
        return {name: getattr(self, name).data for name in self.FIELDS}


class EmptyForm(Form):
    """A button: only the CSRF token."""
