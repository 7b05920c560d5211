"""The directory's map: Viet Nam's 34 provinces (since 1 July 2025) as a tile grid, one square per
province at its approximate place, north to south, shaded by its number of published producers.

No boundary data ships with the site (and nothing is loaded from elsewhere), so this is the
newspaper kind of map: each tile stands for a province, not for its shape or size. Colours are a
light-to-dark green scale; every tile's text keeps at least 4.5:1 contrast with its fill
(tests/producers/test_province_map.py checks it), and the tiles' outline 3:1 with the page."""

from dataclasses import dataclass
from math import ceil

# code -> (column, row, short label): columns west to east, rows north to south.
TILES = {
    "12": (1, 0, "LCh"),
    "15": (2, 0, "LCa"),
    "08": (3, 0, "TQ"),
    "04": (4, 0, "CB"),
    "11": (0, 1, "ĐB"),
    "14": (1, 1, "SL"),
    "25": (2, 1, "PT"),
    "19": (3, 1, "TNg"),
    "20": (4, 1, "LS"),
    "01": (2, 2, "HN"),
    "24": (3, 2, "BN"),
    "22": (4, 2, "QNi"),
    "37": (2, 3, "NB"),
    "33": (3, 3, "HY"),
    "31": (4, 3, "HP"),
    "38": (2, 4, "TH"),
    "40": (1, 5, "NA"),
    "42": (2, 6, "HT"),
    "44": (2, 7, "QT"),
    "46": (3, 8, "Huế"),
    "48": (3, 9, "ĐNa"),
    "51": (4, 10, "QNg"),
    "52": (4, 11, "GL"),
    "66": (4, 12, "ĐL"),
    "68": (3, 13, "LĐ"),
    "56": (4, 13, "KH"),
    "80": (1, 14, "TNi"),
    "75": (2, 14, "ĐNai"),
    "91": (0, 15, "AG"),
    "82": (1, 15, "ĐT"),
    "79": (2, 15, "HCM"),
    "92": (1, 16, "CT"),
    "86": (2, 16, "VL"),
    "96": (1, 17, "CM"),
}
TILE, GAP, MARGIN = 40, 4, 2  # SVG user units; the SVG scales to its box
# (fill, text colour) from no producers to the most; white text only on the two darkest fills.
SHADES = (
    ("#f1f3f2", "#1d2421"),
    ("#d4ecdc", "#1d2421"),
    ("#8fcca5", "#1d2421"),
    ("#2e7d4f", "#ffffff"),
    ("#084d2a", "#ffffff"),
)
OUTLINE = "#4f5a55"
STEPS = len(SHADES) - 1  # shades for provinces with producers


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    label: str
    count: int
    shade: int
    x: int
    y: int
    url: str
    selected: bool

    @property
    def fill(self) -> str:
        return SHADES[self.shade][0]

    @property
    def ink(self) -> str:
        return SHADES[self.shade][1]


def bands(top: int) -> list[tuple[int, int]]:
    """(low, high) of each shade above zero: equal steps up to the largest count, at most four
    (fewer when the counts are small: 1, 2, 3 producers are three shades, not four with one empty)."""
    if top <= 0:
        return []
    step = ceil(top / STEPS)
    return [(low, min(top, low + step - 1)) for low in range(1, top + 1, step)]


def shade_of(count: int, scale: list[tuple[int, int]]) -> int:
    if count <= 0:
        return 0
    return next((i + 1 for i, (_low, high) in enumerate(scale) if count <= high), len(scale))


def province_map(provinces: list, counts: dict[str, int], url_for_province, selected: str | None = None) -> dict:
    """Tiles, legend and size of the map. `provinces`: the resolver's 34; `counts`: code -> published
    producers (the precomputed counts); `url_for_province(code)`: the directory filtered by it."""
    scale = bands(max(counts.values(), default=0))
    tiles = []
    for province in provinces:
        column, row, label = TILES[province.code]
        count = counts.get(province.code, 0)
        tiles.append(
            Tile(
                province.code,
                province.name,
                label,
                count,
                shade_of(count, scale),
                MARGIN + column * (TILE + GAP),
                MARGIN + row * (TILE + GAP),
                url_for_province(province.code),
                province.code == selected,
            )
        )
    columns = 1 + max(c for c, _r, _l in TILES.values())
    rows = 1 + max(r for _c, r, _l in TILES.values())
    legend = [{"fill": SHADES[0][0], "low": 0, "high": 0}] + [
        {"fill": SHADES[i + 1][0], "low": low, "high": high} for i, (low, high) in enumerate(scale)
    ]
    return {
        "tiles": tiles,
        "legend": legend,
        "tile": TILE,
        "outline": OUTLINE,
        "width": 2 * MARGIN + columns * (TILE + GAP) - GAP,
        "height": 2 * MARGIN + rows * (TILE + GAP) - GAP,
    }
