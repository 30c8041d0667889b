"""Figures over time: cameras, lane, LPR and both LPR shares at the end of every month.

From ROC 105 (2016) to today, for the whole register, a precinct or a batch: one query over the
coverage roll-up's changes by day for the whole series, never one per month. The dashboard, the
coverage report and the series CSV call `monthly()`, so they cannot disagree; the SVG chart
(`chart()`) draws it on the server.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.roc import format_roc

from .models import CoverageChange
from .reports import LprShares
from .rollup import FIGURES

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

    One query over the roll-up's changes by day (CoverageChange: a few thousand days, however
    many cameras), summed by month in SQL; the running sum of the months up to each month-end
    (the month under way: up to today) gives its figures.
    """
    changes = CoverageChange.objects.filter(day__lte=today)
    if precinct is not None:
        changes = changes.filter(precinct=precinct)
    if batch is not None:
        changes = changes.filter(batch=batch)
    by_month = (
        changes.annotate(month=TruncMonth("day"))
        .values_list("month")
        .annotate(*(Sum(name) for name in FIGURES))
        .order_by("month")
    )
    months, held, position = [], (0, 0, 0, 0), 0
    by_month = [(_as_date(month), change) for month, *change in by_month]
    for day in month_ends(today):
        while position < len(by_month) and by_month[position][0] <= day:
            held = tuple(a + b for a, b in zip(held, by_month[position][1], strict=True))
            position += 1
        months.append(Month(day.year, day.month, day, *held))
    return months


def _as_date(value) -> datetime.date:
    """TruncMonth gives a date on PostgreSQL, a datetime on SQLite."""
    return value.date() if isinstance(value, datetime.datetime) else value


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


def table_rows(months: list[Month]) -> str:
    """Return the rows of the table behind the charts, one a month, as HTML.

    Formatted here rather than by template filters: the dashboard shows a row for every month
    since ROC 105, and seven filtered cells a row cost more than the rest of the page. Every
    cell is a number, a day or a share that this function formats: nothing to escape."""
    row = (
        '<tr><th scope="row">{}</th><td>{}</td><td class="num">{:,}</td><td class="num">{:,}</td>'
        '<td class="num">{:,}</td><td class="num">{}</td><td class="num">{}</td></tr>'
    )
    return mark_safe(  # noqa: S308 — numbers and days only, formatted above
        "".join(
            row.format(
                m.roc,
                format_roc(m.day),
                m.cameras,
                m.lane,
                m.lpr,
                _pct(m.lpr_pct),
                _pct(m.lpr_of_lane_pct),
            )  # fmt: skip
            for m in months
        )
    )


def _pct(value) -> str:
    return "—" if value is None else f"{value} %"


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
