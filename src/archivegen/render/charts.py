"""Bar charts as inline SVG, drawn at build time: readable without JavaScript, with a text
alternative (title, description, and the numbers as a table for screen readers and print)."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from ..slugs import slugify

BAR = 22  # px per bar in horizontal charts
WIDTH = 640


def bar_chart(items: list[tuple[str, int]], title: str, unit: str = "") -> Markup:
    """Horizontal bars, one per (label, value), labels left, values right."""
    if not items:
        return Markup("")
    top = max(v for _, v in items) or 1
    label_w = min(220, 8 * max(len(label) for label, _ in items) + 10)
    bar_w = WIDTH - label_w - 60
    height = BAR * len(items) + 10
    description = "; ".join(f"{label}: {value}{unit}" for label, value in items)
    rows = []
    for i, (label, value) in enumerate(items):
        y = 5 + i * BAR
        w = max(1, round(bar_w * value / top)) if value else 0
        rows.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{BAR - 8}" rx="2"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 15}" class="value">{value}</text>'
        )
    return _svg(WIDTH, height, title, description, rows)


def column_chart(items: list[tuple[str, int]], title: str) -> Markup:
    """Vertical columns over time (years), value above each column."""
    if not items:
        return Markup("")
    top = max(v for _, v in items) or 1
    height, base = 180, 150
    step = min(60, (WIDTH - 20) // len(items))
    description = "; ".join(f"{label}: {value}" for label, value in items)
    cols = []
    for i, (label, value) in enumerate(items):
        h = round(120 * value / top) if value else 0
        x = 10 + i * step
        cols.append(
            f'<rect x="{x + 4}" y="{base - h}" width="{step - 8}" height="{h}" rx="2"></rect>'
            f'<text x="{x + step / 2}" y="{base - h - 4}" text-anchor="middle" class="value">{value}</text>'
            f'<text x="{x + step / 2}" y="{base + 16}" text-anchor="middle">{escape(label)}</text>'
        )
    return _svg(max(WIDTH, 20 + step * len(items)), height, title, description, cols)


def _svg(width: int, height: int, title: str, description: str, parts: list[str]) -> Markup:
    """The chart's frame: an image with a title and a description that lists every value."""
    ident = "c-" + slugify(title, 40)
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
