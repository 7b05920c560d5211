"""The catalogue's vocabulary: one name for each kind of certificate and each standout level, the same
for the producer who records it, the buyer who filters by it and the awards that grant it."""

from flask_babel import lazy_gettext as _l

# Keys are catalogue.models.CERTIFICATION_KINDS; names as the certificates themselves are titled.
CERTIFICATION_LABELS = {
    "vietgap": _l("VietGAP"),
    "haccp": _l("HACCP"),
    "iso22000": _l("ISO 22000"),
    "food_safety": _l("Food-safety facility certificate"),
    "self_declaration": _l("Self-declaration of product quality"),
    "ocop": _l("OCOP (One Commune One Product)"),
    "cnnt_standout": _l("Standout rural industry product"),
    "other": _l("Other certificate"),
}
# Levels of a standout-product title, which are also the levels of the awards' programmes.
STANDOUT_LEVEL_LABELS = {
    "commune": _l("Commune level"),
    "province": _l("Province level"),
    "region": _l("Regional level"),
    "national": _l("National level"),
}
