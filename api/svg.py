"""Bar charts as server-rendered SVG: no script, no style attribute, nothing from elsewhere (the pages' CSP).

Horizontal grouped bars: each category (a region) is a label with one bar per series under it, the value as text
at the end of its bar, a value axis with ticks, gridlines and its title, and a legend. The page shows the same
numbers in a table; the chart's <title> and <desc> say what it shows to a screen reader."""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Narrow on purpose: at 390 px the chart scales down only a little, so its text stays readable.
WIDTH = 440
LEFT, RIGHT_ROOM = 8, 80  # room on the right for the value of the longest bar
BAR, BAR_GAP, LABEL, GROUP_GAP = 16, 4, 20, 14
LEGEND_ROW = 20  # the legend, one series per row, then the category axis title
BOTTOM = 52  # tick labels and the axis title
TEXT, GRID, AXIS = "#1b1b1b", "#d8d8d2", "#555555"
# Both at least 3:1 against white (WCAG 1.4.11) and apart from each other; the legend names them.
FILLS = ("#2a6f97", "#7a3b8f")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def dutch_number(value: float, decimals: int = 1) -> str:
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0 up to the first 'nice' number (1, 2, 2.5 or 5 times a power of ten) at or above `top`."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    n = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(n + 1)]


def bar_chart(*, chart_id: str, title: str, description: str, categories: Sequence[str], series: Sequence[Series],
              axis_label: str, category_label: str, value_text: Callable[[float], str],
              tick_text: Callable[[str], str] = str, top: float | None = None) -> Markup:
    """One chart. `value_text` writes a bar's value, `tick_text` a tick's (already a Dutch number); `top` fixes the
    axis end (e.g. 100 for percentages), otherwise it follows the data."""
    values = [v for s in series for v in s.values if v is not None]
    ticks = nice_ticks(top if top is not None else max(values, default=0))
    end = ticks[-1]
    plot_w = WIDTH - LEFT - RIGHT_ROOM
    group_h = LABEL + len(series) * (BAR + BAR_GAP) + GROUP_GAP
    plot_h = max(len(categories), 1) * group_h
    top_y = LEGEND_ROW * len(series) + 30
    height = top_y + plot_h + BOTTOM

    def x(value: float) -> float:
        return round(LEFT + plot_w * min(value, end) / end, 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}"'
        f' width="100%" role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc"'
        f' font-family="system-ui, -apple-system, Segoe UI, Arial, sans-serif" font-size="16" fill="{TEXT}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]
    for n, s in enumerate(series):
        y = n * LEGEND_ROW + 4
        parts.append(f'<rect x="{LEFT}" y="{y}" width="14" height="14" fill="{FILLS[n % len(FILLS)]}"/>')
        parts.append(f'<text x="{LEFT + 20}" y="{y + 12}">{escape(s.name)}</text>')
    parts.append(f'<text x="{LEFT}" y="{top_y - 8}" font-weight="700">{escape(category_label)}</text>')
    bottom = top_y + plot_h
    decimals = max(len(f"{t:g}".partition(".")[2]) for t in ticks)
    for n, tick in enumerate(ticks):
        anchor = "start" if n == 0 else "middle"  # the first label would stick out left of the axis
        parts.append(f'<line x1="{x(tick)}" y1="{top_y}" x2="{x(tick)}" y2="{bottom}" stroke="{GRID}"/>')
        parts.append(f'<text x="{x(tick)}" y="{bottom + 18}" text-anchor="{anchor}">'
                     f'{escape(tick_text(dutch_number(tick, decimals)))}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{LEFT + plot_w}" y2="{bottom}" stroke="{AXIS}"/>')
    parts.append(f'<line x1="{LEFT}" y1="{top_y}" x2="{LEFT}" y2="{bottom}" stroke="{AXIS}"/>')
    parts.append(f'<text x="{LEFT + plot_w / 2}" y="{bottom + 42}" text-anchor="middle" font-weight="700">'
                 f'{escape(axis_label)}</text>')
    for i, category in enumerate(categories):
        y = top_y + i * group_h
        parts.append(f'<text x="{LEFT + 4}" y="{y + 15}" font-weight="600">{escape(category)}</text>')
        for n, s in enumerate(series):
            bar_y = y + LABEL + n * (BAR + BAR_GAP)
            value = s.values[i]
            if value is None:
                parts.append(f'<text x="{LEFT + 6}" y="{bar_y + 12}" fill="{AXIS}">{escape(s.name)}: geen gegevens'
                             '</text>')
                continue
            width = max(x(value) - LEFT, 0)
            parts.append(f'<rect x="{LEFT}" y="{bar_y}" width="{width}" height="{BAR}" '
                         f'fill="{FILLS[n % len(FILLS)]}"><title>{escape(category)}, {escape(s.name)}: '
                         f'{escape(value_text(value))}</title></rect>')
            parts.append(f'<text x="{LEFT + width + 6}" y="{bar_y + 12}">{escape(value_text(value))}</text>')
    parts.append("</svg>")
    return Markup("\n".join(parts))
