"""Forms of the product management pages: the product, its photos and its certifications."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional, ValidationError

from marketplace.catalogue.groups import PRODUCT_GROUPS
from marketplace.catalogue.labels import CERTIFICATION_LABELS, STANDOUT_LEVEL_LABELS
from marketplace.catalogue.models import Product
from marketplace.catalogue.photos import Upload
from marketplace.catalogue.services import MAX_PRICE_VND
from marketplace.core.forms import Form, SelectChoice
from marketplace.core.money import input_vnd, parse_vnd

# OCOP ratings and standout titles belong to a product, never to an establishment as a whole.
PRODUCER_CERTIFICATION_KINDS = ("vietgap", "haccp", "iso22000", "food_safety", "other")
PRODUCT_FIELDS = (
    "code",
    "name",
    "name_en",
    "group_number",
    "description",
    "description_en",
    "unit",
    "min_order_qty",
    "annual_output",
    "packaging",
)


def _text(label, max_length: int, **kwargs):
    return StringField(label, [Optional(), Length(max=max_length)], **kwargs)


class ProductForm(Form):
    code = StringField(
        _l("Product code"),
        [DataRequired(), Length(max=40)],
        description=_l("Your own short code, unique among your products, e.g. MT-01."),
    )
    name = StringField(_l("Name (Vietnamese)"), [DataRequired(), Length(max=200)])
    name_en = _text(_l("Name (English, optional)"), 200)
    kind = RadioField(
        _l("Product or product set"),
        default="product",
        choices=[SelectChoice("product", _l("A single product")), SelectChoice("set", _l("A product set"))],
    )
    group_number = RadioField(
        _l("Product group"),
        coerce=int,
        choices=[SelectChoice(group.number, group.label) for group in PRODUCT_GROUPS],
        validators=[DataRequired(message=_l("Choose one of the four product groups."))],
    )
    category = _text(
        _l("Category"),
        120,
        description=_l("For example: bamboo and rattan, fish sauce. Pick one from the list or write a new one."),
    )
    description = TextAreaField(_l("Description (Vietnamese)"), [Optional(), Length(max=5000)])
    description_en = TextAreaField(_l("Description (English, optional)"), [Optional(), Length(max=5000)])
    price = StringField(
        _l("Price in đồng"),
        [Length(max=30)],
        description=_l("A whole number, e.g. 1.250.000"),
    )
    price_on_request = BooleanField(_l("Price on request (buyers ask for a quote)"))
    unit = _text(_l("Unit"), 40, description=_l("For example: piece, set, kg, bottle"))
    min_order_qty = IntegerField(_l("Minimum order"), [Optional(), NumberRange(min=1, max=10**9)])
    annual_output = _text(_l("Annual output"), 120, description=_l("For example: 20,000 pieces"))
    packaging = _text(_l("Packaging"), 200)

    def validate_price(self, field):
        if self.price_on_request.data:
            return
        try:
            value = parse_vnd(field.data)
        except ValueError:
            raise ValidationError(_l("Write the price as a whole number of đồng, e.g. 1.250.000")) from None
        if value is None:
            raise ValidationError(_l("Write a price, or tick \u201cPrice on request\u201d."))
        if value > MAX_PRICE_VND:
            raise ValidationError(_l("This price is too high; please check it."))

    def fill_from(self, product: Product) -> None:
        for name in PRODUCT_FIELDS:
            getattr(self, name).data = getattr(product, name)
        self.kind.data = "set" if product.is_product_set else "product"
        self.category.data = product.category.name if product.category else ""
        self.price_on_request.data = product.price_vnd is None
        self.price.data = input_vnd(product.price_vnd)

    def product_data(self) -> dict:
        data = {name: getattr(self, name).data for name in PRODUCT_FIELDS}
        data["is_product_set"] = self.kind.data == "set"
        data["price_vnd"] = None if self.price_on_request.data else parse_vnd(self.price.data)
        return data

    def category_name(self) -> str:
        return (self.category.data or "").strip()


class CertificationForm(Form):
    kind = SelectField(_l("Certificate"), validators=[DataRequired()])
    number = _text(_l("Certificate number"), 60)
    issuer = _text(_l("Issued by"), 160)
    valid_from = DateField(
        _l("Valid from"), [Optional()], format=["%Y-%m-%d", "%d/%m/%Y"], description=_l("dd/mm/yyyy")
    )
    valid_until = DateField(
        _l("Valid until"),
        [Optional()],
        format=["%Y-%m-%d", "%d/%m/%Y"],
        description=_l("dd/mm/yyyy; OCOP certificates last 36 months."),
    )
    stars = SelectField(
        _l("OCOP stars"),
        [Optional()],
        coerce=lambda v: int(v) if v else None,
        choices=[SelectChoice("", "—"), *(SelectChoice(str(n), "★" * n) for n in range(1, 6))],
    )
    level = SelectField(
        _l("Standout product level"),
        [Optional()],
        choices=[SelectChoice("", "—"), *(SelectChoice(k, v) for k, v in STANDOUT_LEVEL_LABELS.items())],
    )
    year = IntegerField(_l("Year recognised"), [Optional(), NumberRange(min=1990, max=2100)])

    def __init__(self, *args, for_producer: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = PRODUCER_CERTIFICATION_KINDS if for_producer else tuple(CERTIFICATION_LABELS)
        self.kind.choices = [SelectChoice(kind, CERTIFICATION_LABELS[kind]) for kind in kinds]
        if for_producer:
            del self.stars, self.level, self.year

    def validate(self, extra_validators=None) -> bool:
        # Cross-field rules live here: a field's own validators stop at Optional() when empty.
        valid = super().validate(extra_validators)
        kind = self.kind.data if "stars" in self else None  # establishments: no OCOP, no titles
        if kind == "ocop" and not self.stars.data:
            self.stars.errors.append(_l("Choose the number of OCOP stars."))
        if kind == "cnnt_standout" and not self.level.data:
            self.level.errors.append(_l("Choose the level at which the product was recognised."))
        if kind == "cnnt_standout" and not self.year.data:
            self.year.errors.append(_l("Write the year the product was recognised."))
        start, end = self.valid_from.data, self.valid_until.data
        if start and end and end < start:
            self.valid_until.errors.append(_l("A certificate cannot end before it starts."))
        return valid and not any(field.errors for field in self)

    def certification_data(self) -> dict:
        data = {name: self[name].data for name in ("number", "issuer", "valid_from", "valid_until")}
        for name in ("number", "issuer"):
            data[name] = (data[name] or "").strip() or None
        if "stars" in self:
            data["stars"] = self.stars.data if self.kind.data == "ocop" else None
            data["level"] = (self.level.data or None) if self.kind.data == "cnnt_standout" else None
            data["year"] = self.year.data if self.kind.data == "cnnt_standout" else None
        return data


class PhotoUploadForm(Form):
    photos = MultipleFileField(_l("Add photos"))

    def uploads(self, max_bytes: int) -> list[Upload]:
        """The chosen files as plain data; reading one byte past the limit is enough to refuse."""
        files = [f for f in (self.photos.data or []) if getattr(f, "filename", "")]
        return [Upload(f.filename, f.read(max_bytes + 1)) for f in files]


class PhotoActionForm(Form):
    """One photo's form: its description, and buttons to save it, move it up, or delete it."""

    text = StringField(_l("What the photo shows"), [Optional(), Length(max=200)])
    action = StringField(validators=[AnyOf(("save", "up", "delete"))])
