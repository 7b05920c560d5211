"""Geometry of a horizontal bar chart drawn as server-side SVG (no script): one bar per row, its
label on the left, its value at the end of the bar. Horizontal, so long province names and many
days still fit a phone's width."""

from dataclasses import dataclass

WIDTH = 400  # SVG user units; the drawing scales to the screen
LABEL_WIDTH, VALUE_ROOM, ROW_HEIGHT, BAR_HEIGHT = 110, 70, 22, 14


@dataclass
class Bar:
    label: str
    value: int
    y: float
    width: float


@dataclass
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def bar_chart(rows: list[tuple[str, int]]) -> BarChart:
    top = max((value for _label, value in rows), default=0)
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = [
        Bar(
            label,
            value,
            index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
            round(room * value / top, 1) if top else 0.0,
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(WIDTH, max(ROW_HEIGHT, len(rows) * ROW_HEIGHT), LABEL_WIDTH, bars)
