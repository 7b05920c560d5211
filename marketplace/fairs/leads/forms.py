"""The booth's scan form: the badge's code, the products asked about, the exhibitor's note and stars."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.core.forms import Form
from marketplace.fairs.forms import MultiCheckboxField, options
from marketplace.fairs.leads.models import RATINGS
from marketplace.fairs.leads.services import MAX_NOTE

NO_RATING = 0


class LeadForm(Form):
    code = StringField(
        _l("Code on the buyer's badge"),
        [DataRequired(_l("Scan the badge or type its code.")), Length(max=60)],
        description=_l("Printed under the QR code, e.g. CNNT-V-17-P4N8C2WD."),
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    products = MultiCheckboxField(_l("Products the buyer asked about"), coerce=int)
    note = TextAreaField(
        _l("Your note (only your staff see it)"), [Optional(), Length(max=MAX_NOTE)], render_kw={"rows": 3}
    )
    rating = RadioField(
        _l("How promising (only your staff see it)"),
        coerce=int,
        default=NO_RATING,
        choices=options([(NO_RATING, _l("No stars")), *((n, _l("%(n)s of 5 stars", n=n)) for n in RATINGS)]),
    )

    def set_products(self, products) -> None:
        self.products.choices = options((p.id, p.name) for p in products)

    @property
    def stars(self) -> int | None:
        return self.rating.data or None
