"""The province and commune cells of an import row: today's province (and commune) for a name of
any period since 1976, with a warning for a former province and a clear refusal for one that was
split and cannot be placed."""

from flask_babel import lazy_gettext as _l

from marketplace.catalogue.imports.issues import Issue
from marketplace.geography import resolver


def plan_place(cells: dict, values: dict, issues: list, warnings: list):
    raw = cells.get("province", "")
    if not raw:
        issues.append(Issue("province_missing", _l("The province is missing.")))
        return None
    commune_text = cells.get("commune", "")
    place = resolver.resolve_place(raw, commune_text)
    if place.province is None:
        issues.append(_place_refusal(raw, commune_text, place))
        return None
    province = place.province
    if place.former is not None:
        warnings.append(_former_warning(raw, commune_text, place))
    if commune_text:
        if place.commune is not None:
            values["commune"] = (place.commune.code, None)
        else:
            values["commune"] = (None, " ".join(commune_text.split()))
            warnings.append(
                Issue(
                    "commune_unknown",
                    _l(
                        'The commune "%(value)s" is not one we know in %(province)s; it was kept as written.',
                        value=commune_text,
                        province=province.name,
                    ),
                )
            )
    return province


def _names(provinces) -> str:
    return ", ".join(p.name for p in provinces)


def _place_refusal(raw: str, commune_text: str, place) -> Issue:
    if place.former is None:
        return Issue("province_unknown", _l('The province "%(value)s" is not one we know.', value=raw))
    if commune_text:
        return Issue(
            "province_split",
            _l(
                '"%(value)s" (%(period)s) was split between today\'s %(candidates)s, and the commune "%(commune)s" '
                "does not tell which: write today's province, or a commune of one of them.",
                value=raw,
                period=place.former.period,
                candidates=_names(place.candidates),
                commune=commune_text,
            ),
        )
    return Issue(
        "province_split",
        _l(
            "\"%(value)s\" (%(period)s) was split between today's %(candidates)s: write today's province, or give "
            "the commune so that we can tell which.",
            value=raw,
            period=place.former.period,
            candidates=_names(place.candidates),
        ),
    )


def _former_warning(raw: str, commune_text: str, place) -> Issue:
    if place.candidates:
        return Issue(
            "province_former",
            _l(
                '"%(value)s" is a former province (%(period)s), split between today\'s %(candidates)s; the commune '
                '"%(commune)s" places this row in %(province)s.',
                value=raw,
                period=place.former.period,
                candidates=_names(place.candidates),
                commune=commune_text,
                province=place.province.name,
            ),
        )
    return Issue(
        "province_former",
        _l(
            '"%(value)s" is a former province (%(period)s); it was recorded as %(province)s, the province it '
            "lies in today.",
            value=raw,
            period=place.former.period,
            province=place.province.name,
        ),
    )
