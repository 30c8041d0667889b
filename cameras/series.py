"""Figures over time: cameras, lane, LPR and both LPR shares at the end of every month.

From ROC 105 (2016) to today, for the whole register, a precinct or a batch: one query over the
coverage roll-up for the whole series (the month-end days joined to the rows that held on
them), never one per month. The dashboard, the coverage report and the series CSV call
`monthly()`, so they cannot disagree; the SVG chart (`chart()`) draws it on the server.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import CoverageRollup
from .reports import LprShares

FIRST_MONTH = (2016, 1)  # ROC 105/01


@dataclass(frozen=True)
class Month(LprShares):
    """One month-end's figures: the month, the day counted (its last, or today), the counts."""

    year: int
    month: int
    day: datetime.date
    cameras: int
    lane: int
    lpr: int
    lane_lpr: int

    @property
    def roc(self) -> str:
        """The month as staff write it: 110/07."""
        return f"{self.year - 1911:03d}/{self.month:02d}"


def month_ends(today: datetime.date) -> list[datetime.date]:
    """Return the last day of every month from ROC 105/01, and today for the month under way."""
    days, (year, month) = [], FIRST_MONTH
    while (year, month) <= (today.year, today.month):
        days.append(min(datetime.date(year, month, calendar.monthrange(year, month)[1]), today))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def monthly(*, today: datetime.date, precinct=None, batch=None) -> list[Month]:
    """Return the month-end figures from ROC 105/01 to today, of the register or of one
    precinct or batch (pks).

    One query: each roll-up row adds its cameras on its first day and takes them away on the
    day it ends, so the sums of those changes by day (a few thousand days, however many
    cameras) walked in order give every month-end's figures; a join of the month-ends with
    the roll-up would compare every row with every month.
    """
    table = connection.ops.quote_name(CoverageRollup._meta.db_table)
    scope, params = "", []
    for column, pk in (("precinct_id", precinct), ("batch_id", batch)):
        if pk is not None:
            scope += f" AND {column} = %s"
            params.append(pk)
    lane = "CASE WHEN is_lane THEN camera_count ELSE 0 END"
    lpr = "CASE WHEN has_lpr THEN camera_count ELSE 0 END"
    both = "CASE WHEN is_lane AND has_lpr THEN camera_count ELSE 0 END"
    held = "valid_from < valid_to"  # not a state begun after its camera's retirement
    sql = (
        "SELECT day, SUM(n), SUM(lane), SUM(lpr), SUM(lane_lpr) FROM ("
        f"SELECT valid_from AS day, camera_count AS n, {lane} AS lane, {lpr} AS lpr, "
        f"{both} AS lane_lpr FROM {table} WHERE {held} AND valid_from <= %s{scope} UNION ALL "
        f"SELECT valid_to, -camera_count, -{lane}, -{lpr}, -{both} FROM {table} "
        f"WHERE {held} AND valid_to <= %s{scope}) AS changes GROUP BY day ORDER BY day"
    )
    last = connection.ops.adapt_datefield_value(today)
    with connection.cursor() as cursor:
        cursor.execute(sql, [last, *params, last, *params])
        changes = [(_as_date(day), counts) for day, *counts in cursor.fetchall()]
    months, held, position = [], [0, 0, 0, 0], 0
    for day in month_ends(today):
        while position < len(changes) and changes[position][0] <= day:
            held = [a + int(b) for a, b in zip(held, changes[position][1], strict=True)]
            position += 1
        months.append(Month(day.year, day.month, day, *held))
    return months


def _as_date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


# The chart's lines: (attribute, label, dash pattern). Told apart by their dashes and by the
# name at each line's end, so that the chart reads without colour (and printed in grey).
COUNT_LINES = (
    ("cameras", _("cameras"), ""),
    ("lane", _("lane cameras"), "8 4"),
    ("lpr", _("LPR cameras"), "2 3"),
)
SHARE_LINES = (
    ("lpr_pct", _("LPR share of all"), ""),
    ("lpr_of_lane_pct", _("LPR share of lane"), "8 4"),
)
WIDTH, HEIGHT = 860, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 250, 16, 34  # margins: the axis labels and the lines' names
LABEL_GAP = 14  # the least distance between two lines' names


def chart(months: list[Month], lines, *, title: str, percent: bool = False) -> str:
    """Return an SVG line chart of `lines` over `months`, drawn on the server (no script).

    Hand-written: a few dozen lines of SVG, where a charting library would bring a script or
    a dependency for one picture; its table beside it holds every figure.
    """
    values = [getattr(m, name) for m in months for name, _label, _dash in lines]
    top = Decimal(100) if percent else _nice(max([v for v in values if v is not None] or [1]))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i):
        return LEFT + plot_w * i / max(len(months) - 1, 1)

    def y(v):
        return TOP + plot_h * (1 - float(v) / float(top or 1))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for k in range(5):  # the grid and the values axis
        v = top * k / 4
        label = f"{v:.0f} %" if percent else f"{int(v):,}"
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                     'class="grid"/>')  # fmt: skip
        parts.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{label}</text>')
    for i, month in enumerate(months):  # a tick each January, named by its ROC year
        if month.month == 1:
            parts.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{TOP + plot_h}" '
                         f'y2="{TOP + plot_h + 5}" class="axis"/>')  # fmt: skip
            parts.append(f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" text-anchor="middle">'
                         f"{month.year - 1911}</text>")  # fmt: skip
    parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" '
                 f'y2="{TOP + plot_h}" class="axis"/>')  # fmt: skip
    ends = []  # each line's name at its last point, moved apart where lines end close
    for name, label, dash in lines:
        points = [(x(i), y(v)) for i, m in enumerate(months) if (v := getattr(m, name)) is not None]
        if not points:
            continue
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" class="line"{dashes}/>')
        last = getattr(months[-1], name)
        shown = f"{last} %" if percent else f"{last:,}"
        ends.append([points[-1][1] + 4, points[-1][0] + 6, f"{escape(str(label))} {shown}"])
    ends.sort()
    for before, after in zip(ends, ends[1:], strict=False):
        after[0] = max(after[0], before[0] + LABEL_GAP)
    parts += [f'<text x="{tx:.1f}" y="{ty:.1f}">{text}</text>' for ty, tx, text in ends]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every text in it is escaped above


def _nice(value) -> int:
    """Round a chart's top up to a round number: 22,921 → 25,000."""
    step = 10 ** max(len(str(int(value))) - 1, 0)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * step:
            return int(factor * step)
    return int(10 * step)


def charts(months: list[Month], scope: str) -> dict:
    """Return the two charts of a series: the counts, and the shares (0–100 %)."""
    return {
        "counts": chart(
            months,
            COUNT_LINES,
            title=_("Cameras, lane and LPR cameras by month, %(scope)s") % {"scope": scope},
        ),
        "shares": chart(
            months,
            SHARE_LINES,
            title=_("LPR shares by month, %(scope)s") % {"scope": scope},
            percent=True,
        ),
    }
