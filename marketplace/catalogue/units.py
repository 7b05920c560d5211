"""The units products are sold in, in the page's language: the common Vietnamese units have an English name."""

from marketplace.core.i18n import current_language

# Lower-case Vietnamese unit → English; a unit not listed is shown as the producer wrote it.
UNITS_EN = {
    "chai": "bottle",
    "hộp": "box",
    "chiếc": "piece",
    "cái": "piece",
    "con": "piece",
    "quả": "piece",
    "bộ": "set",
    "gói": "pack",
    "vỉ": "pack",
    "lọ": "jar",
    "hũ": "jar",
    "bình": "jar",
    "túi": "bag",
    "thùng": "carton",
    "bao": "sack",
    "tấn": "tonne",
    "lít": "litre",
    "mét": "metre",
    "tấm": "sheet",
    "đôi": "pair",
    "cuộn": "roll",
    "bó": "bundle",
    "khay": "tray",
    "lạng": "100 g",
    "sản phẩm": "item",
    "kg": "kg",
    "g": "g",
    "m": "m",
    "m2": "m²",
    "m²": "m²",
    "ml": "ml",
}


def unit_in(value: str | None, language: str) -> str:
    if not value:
        return ""
    if language != "en":
        return value
    return UNITS_EN.get(value.strip().lower(), value)


def unit_label(value: str | None) -> str:
    """The `unit` filter: "chai" on a Vietnamese page, "bottle" on an English one."""
    return unit_in(value, current_language())
