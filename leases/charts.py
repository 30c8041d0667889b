"""The multi-year lease table as a picture: one bar a fiscal year, drawn on the server.

Hand-written: a few dozen lines of SVG, where a charting library would bring a script or a
dependency for one picture; the table beside it holds every figure. Readable without colour:
each bar carries its value, and the years after this one are outlined with dashes.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 860, 240
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 28, 34  # margins: the values above, the years below


def bars(rows, value, *, title: str, this_year: int, places: int = 0) -> str:
    """Return an SVG bar chart of `value(row)` for each row (fiscal_year), one bar a year."""
    values = [Decimal(value(row)) for row in rows]
    top = max(values or [Decimal(1)]) or Decimal(1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(rows), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart bars" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        'class="axis"/>',
    ]
    for i, (row, amount) in enumerate(zip(rows, values, strict=True)):
        height = float(plot_h * amount / top)
        x, y = LEFT + step * i + step * 0.15, TOP + plot_h - height
        ahead = ' class="ahead"' if row.fiscal_year > this_year else ""
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" '
                     f'height="{height:.1f}"{ahead}/>')  # fmt: skip
        label = f"{amount:,.{places}f}"
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
                     f'class="value">{label}</text>')  # fmt: skip
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
                     f"{row.fiscal_year}</text>")  # fmt: skip
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text escaped or a number)
