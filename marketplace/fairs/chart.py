"""Geometry of the bookings-over-time chart: stacked bars drawn as a server-rendered SVG (no JavaScript)."""

from dataclasses import dataclass, field

# SVG user units; the drawing scales to the width of the screen.
WIDTH, HEIGHT = 400, 220  # close to a phone's width, so 11-unit labels stay readable there
LEFT, RIGHT, TOP, BOTTOM = 30, 6, 10, 28
SEGMENTS = ("paid", "in_progress", "ended")  # bottom to top
MAX_X_LABELS = 5


@dataclass
class Bar:
    x: float
    width: float
    label: str  # the period, e.g. "05/03" or "05/03–11/03"
    total: int
    segments: list[dict] = field(default_factory=list)  # {"name", "y", "height", "count"}


@dataclass
class Chart:
    width: int
    height: int
    plot: dict
    bars: list[Bar]
    y_ticks: list[dict]
    x_labels: list[dict]
    top: int


def nice_top(value: int) -> int:
    """The axis maximum: the smallest of 1, 2, 5 × 10ⁿ (or 4, 10 for small values) not below `value`."""
    if value <= 4:
        return 4
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude * 2 >= value:
                return step * magnitude * 2
        magnitude *= 10


def period_label(period) -> str:
    start = period.starts_on.strftime("%d/%m")
    return start if period.starts_on == period.ends_on else f"{start}–{period.ends_on.strftime('%d/%m')}"


def _bar(period, x: float, width: float, plot_bottom: float, scale: float) -> Bar:
    bar = Bar(x=round(x, 2), width=round(width, 2), label=period_label(period), total=period.total)
    y = plot_bottom
    for name in SEGMENTS:
        count = period.counts[name]
        if count:
            height = count * scale
            y -= height
            bar.segments.append({"name": name, "y": round(y, 2), "height": round(height, 2), "count": count})
    return bar


def build(periods: list) -> Chart:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = nice_top(max((p.total for p in periods), default=0))
    scale = plot_h / top
    slot = plot_w / max(1, len(periods))
    bars = [_bar(p, LEFT + i * slot + slot * 0.15, slot * 0.7, TOP + plot_h, scale) for i, p in enumerate(periods)]
    y_ticks = [{"value": v, "y": round(TOP + plot_h - v * scale, 2)} for v in (0, top // 2, top)]
    every = max(1, -(-len(bars) // MAX_X_LABELS))  # ceiling division: at most MAX_X_LABELS labels
    x_labels = [{"x": round(b.x + b.width / 2, 2), "text": b.label.split("–")[0]} for b in bars[::every]]
    plot = {"left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": TOP + plot_h, "label_y": HEIGHT - 9}
    return Chart(WIDTH, HEIGHT, plot, bars, y_ticks, x_labels, top)
