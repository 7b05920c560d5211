"""The producers' vocabulary: one name for each type of establishment, wherever it is shown or chosen."""

from flask_babel import lazy_gettext as _l

from marketplace.producers.models import COOPERATIVE, COOPERATIVE_GROUP, ENTERPRISE, HOUSEHOLD

ESTABLISHMENT_LABELS = {
    ENTERPRISE: _l("Enterprise"),
    COOPERATIVE: _l("Cooperative"),
    COOPERATIVE_GROUP: _l("Cooperative group"),
    HOUSEHOLD: _l("Household business"),
}
