"""The four CNNT product groups of Circular 26/2014/TT-BCT, resolvable by number or by name."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from marketplace.core.text import fold


@dataclass(frozen=True)
class ProductGroup:
    number: int
    name_vi: str
    label: object  # lazy translation for the page
    short_label: object  # for tiles and buttons, where the full legal name is too long

    @property
    def name(self) -> str:
        return str(self.label)

    @property
    def short_name(self) -> str:
        return str(self.short_label)


PRODUCT_GROUPS = (
    ProductGroup(1, "Thủ công mỹ nghệ", _l("Handicrafts"), _l("Handicrafts")),
    ProductGroup(
        2,
        "Chế biến nông, lâm, thủy sản và thực phẩm",
        _l("Processed agricultural, forestry and fishery products and food"),
        _l("Food and farm produce"),
    ),
    ProductGroup(
        3,
        "Thiết bị, máy móc, dụng cụ, phụ tùng cơ khí",
        _l("Machinery, equipment, tools and mechanical parts"),
        _l("Machinery and tools"),
    ),
    ProductGroup(4, "Sản phẩm khác", _l("Other products"), _l("Other products")),
)
GROUPS_BY_NUMBER = {group.number: group for group in PRODUCT_GROUPS}
_ALIASES = {
    **{fold(g.name_vi): g.number for g in PRODUCT_GROUPS},
    "thu cong my nghe": 1,
    "handicrafts": 1,
    "handicraft": 1,
    "che bien nong lam thuy san va thuc pham": 2,
    "che bien nong lam thuy san": 2,
    "thuc pham": 2,
    "food": 2,
    "food processing": 2,
    "thiet bi may moc dung cu phu tung co khi": 3,
    "co khi": 3,
    "machinery": 3,
    "san pham khac": 4,
    "khac": 4,
    "other": 4,
}


def resolve_group(text: str | int | None) -> ProductGroup | None:
    """A group from '2', 2, 'Thủ công mỹ nghệ' or 'thu cong my nghe'; None when unknown."""
    if text is None:
        return None
    raw = str(text).strip()
    if raw.isdigit():
        return GROUPS_BY_NUMBER.get(int(raw))
    key = " ".join(fold(raw).replace(",", " ").split())
    number = _ALIASES.get(key)
    return GROUPS_BY_NUMBER.get(number) if number else None
