"""Charts for the report as inline SVG, written here rather than with a plotting library: a few
lines and bars need no dependency, and the page stays one file that works offline.

Each chart's ``<svg>`` has ``data-chart="<name>"`` and each mark (bar or point) a ``data-value``
with the exact number it draws, so a test can read from the DOM that every chart has data. Every
text is escaped: labels are product and market names from the shop.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from html import escape

__all__ = ["PALETTE", "Number", "bar_chart", "line_chart"]

Number = int | float | Decimal
# Okabe-Ito: told apart by colour-blind readers too.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000")
WIDTH = 720
_FONT = 'font-family="system-ui, sans-serif" font-size="11"'


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers from ``low`` to ``high`` (at most about ``count`` of them)."""
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(math.ceil((high - first) / step - 1e-9) + 1)]


def _span(values: Sequence[float]) -> tuple[float, float]:
    """The axis covers zero and every value; a flat series gets a span of one."""
    low, high = min([0.0, *values]), max([0.0, *values])
    return (low, high) if high > low else (low, low + 1)


def _short(text: str, size: int = 30) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _svg(name: str, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg data-chart="{escape(name)}" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" {_FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def line_chart(
    name: str,
    title: str,
    periods: Sequence[str],
    series: Mapping[str, Sequence[Number]],
    formatted: Callable[[Number], str],
) -> str:
    """One line per series over ``periods`` (each series has a value per period), points
    marked; the legend is HTML below the SVG, where long names wrap."""
    height, left, right, top, bottom = 300, 80, 40, 12, 40
    values = [float(v) for points in series.values() for v in points]
    ticks = _ticks(*_span(values))
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - left - right, height - top - bottom

    def x(i: int) -> float:
        return left + (plot_w / 2 if len(periods) == 1 else plot_w * i / (len(periods) - 1))

    def y(v: float) -> float:
        return top + plot_h * (high - v) / (high - low)

    body = _grid(ticks, y, left, WIDTH - right)
    every = math.ceil(len(periods) / 10)  # at most ten labels: they must not overlap
    body += [
        f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle">{escape(p)}</text>'
        for i, p in enumerate(periods)
        if i % every == 0
    ]
    legend = []
    for n, (label, points) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        line = " ".join(f"{x(i):.1f},{y(float(v)):.1f}" for i, v in enumerate(points))
        body.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body += [
            f'<circle data-value="{v}" cx="{x(i):.1f}" cy="{y(float(v)):.1f}" r="3.5" '
            f'fill="{colour}"><title>{escape(f"{label}, {periods[i]}: {formatted(v)}")}</title>'
            "</circle>"
            for i, v in enumerate(points)
        ]
        legend.append(
            f'<li><span class="swatch" style="background:{colour}"></span>{escape(label)}</li>'
        )
    return (
        f"<figure>{_svg(name, height, body, title)}"
        f'<ul class="legend">{"".join(legend)}</ul></figure>'
    )


def _grid(
    ticks: list[float],
    y: Callable[[float], float],
    start: float,
    end: float,
) -> list[str]:
    body = []
    for tick in ticks:
        label = f"{tick:,.0f}" if abs(tick) >= 10 or tick == 0 else f"{tick:.2g}"
        colour = "#888" if tick == 0 else "#ddd"
        body.append(
            f'<line x1="{start}" x2="{end}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{colour}"/><text x="{start - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{label}</text>'
        )
    return body


def bar_chart(
    name: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[Number],
    formatted: Callable[[Number], str],
    *,
    warn_below: float | None = None,
) -> str:
    """Horizontal bars, one per label, the value written at the end of each; bars under
    ``warn_below`` are drawn in the warning colour (low stock cover)."""
    row, left, right, top = 22, 210, 110, 6
    height = top * 2 + row * len(labels)
    low, high = _span([float(v) for v in values])
    plot_w = WIDTH - left - right

    def x(v: float) -> float:
        return left + plot_w * (v - low) / (high - low)

    body = [f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="0" y2="{height}" stroke="#888"/>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        v = float(value)
        top_y = top + i * row
        colour = PALETTE[5] if warn_below is not None and v < warn_below else PALETTE[0]
        start, end = sorted((x(0), x(v)))
        text = escape(formatted(value))
        body.append(
            f'<text x="{left - 8}" y="{top_y + 15}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_short(label))}</text>"
            f'<rect data-value="{value}" x="{start:.1f}" y="{top_y + 3}" '
            f'width="{max(end - start, 1):.1f}" height="{row - 6}" fill="{colour}">'
            f"<title>{escape(label)}: {text}</title></rect>"
            f'<text x="{max(x(0), x(v)) + 6:.1f}" y="{top_y + 15}">{text}</text>'
        )
    return f"<figure>{_svg(name, height, body, title)}</figure>"
