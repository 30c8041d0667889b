"""Coverage figures for any day: totals, lane, LPR and their shares, by precinct and by batch.

Every figure is summed in SQL over the coverage roll-up (cameras/rollup.py), so a page costs the
same at 20,000 cameras and at 1,000,000. The dashboard, the coverage report, the batch pages,
the admin and their CSV files all call `coverage()`, so they cannot disagree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Count, F, Func, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.figures import pct_text, share_pct
from core.roc import format_roc
from leases.models import Batch, BatchKind
from leases.querysets import lease_ended_q

from .models import Camera, CoverageChange, CoverageRollup, Precinct, Station
from .querysets import past_service_life_q, service_lives
from .rollup import FIGURES
from .states import on_day_q

# The days the plan gives figures for: 110/07/31, and the end of 111 after its batches.
PLAN_DAY = datetime.date(2021, 7, 31)
AFTER_111 = datetime.date(2022, 12, 31)


class LprShares:
    """The two LPR shares of anything that counts cameras, lane, lpr and lane_lpr (worked out
    once: a page reads each several times, for its figure, its bar and its chart)."""

    @cached_property
    def lpr_pct(self) -> Decimal | None:
        return share_pct(self.lpr, self.cameras)

    @cached_property
    def lpr_of_lane_pct(self) -> Decimal | None:
        """Return the share of lane cameras that have LPR."""
        return share_pct(self.lane_lpr, self.lane)


@dataclass(frozen=True)
class CoverageRow(LprShares):
    """One line of the coverage report: the whole register, a precinct or a batch."""

    scope: str  # "all", "precinct", "station" or "batch"
    pk: int | None
    code: str
    name: str
    cameras: int
    lane: int
    lpr: int
    lane_lpr: int
    registered: int = 0  # every camera ever registered, retired ones included
    contracted: int | None = None
    kind: str = ""
    precinct: str = ""  # a precinct's or station's precinct code

    @property
    def kind_label(self) -> str:
        return BatchKind(self.kind).label if self.kind else ""

    @property
    def registered_minus_contracted(self) -> int | None:
        """Return how many more cameras the register has than the contract provides for."""
        if self.contracted is None:
            return None
        return self.registered - self.contracted


@dataclass(frozen=True)
class Coverage:
    on: datetime.date
    total: CoverageRow
    by_precinct: list[CoverageRow]
    by_batch: list[CoverageRow]
    by_station: list[CoverageRow]  # by precinct in the department's order, then station
    # cameras with unknown install days counted only from a later day: (that day, cameras)
    counted_later: list[tuple[datetime.date, int]] = ()

    def caveats(self) -> list[str]:
        """Say, beside the figures, which cameras they leave out for want of install days."""
        return [
            ngettext(
                "%(n)s camera with an unknown install day is counted only from %(day)s.",
                "%(n)s cameras with unknown install days are counted only from %(day)s.",
                n,
            ) % {"n": intcomma(n), "day": format_roc(day)}
            for day, n in self.counted_later
        ]  # fmt: skip

    def rows(self):
        """Yield the report's rows in CSV order: the whole register, precincts, batches,
        stations (added last to the published file)."""
        yield self.total
        yield from self.by_precinct
        yield from self.by_batch
        yield from self.by_station

    def stations_of(self, precinct: CoverageRow) -> list[CoverageRow]:
        """Return the station rows of a precinct row, in their order."""
        return [row for row in self.by_station if row.precinct == precinct.code]


def cameras_sum(condition: Q):
    """Return SUM(camera_count) of the roll-up rows that meet `condition`, 0 when none do."""
    return Coalesce(Sum("camera_count", filter=condition), 0)


def coverage(*, on: datetime.date, batch: Batch | None = None) -> Coverage:
    """Return the coverage figures of the register (or of one batch's cameras) on day `on`, by
    precinct, station and batch.

    One GROUP BY over the roll-up's changes by day (cameras/rollup.py) sums, per precinct,
    station and batch, the cameras counting on `on` (every change up to that day), and one over
    the roll-up's latest states counts all cameras ever registered — a few thousand cells each,
    whatever the size of the register; the total and the precinct, station and batch rows are
    added up from those cells, so all four agree by construction. Three more queries name the
    precincts, stations and batches; one counts the cameras with unknown install days that are
    counted only from a later day (a partial index holds only those).
    """
    changes = CoverageChange.objects.filter(day__lte=on)
    latest = CoverageRollup.objects.filter(is_current=True)
    if batch is not None:
        changes, latest = changes.filter(batch=batch), latest.filter(batch=batch)
    total = _Tally()
    per_precinct, per_station, per_batch = (
        defaultdict(_Tally),
        defaultdict(_Tally),
        defaultdict(_Tally),
    )

    def tallies(precinct_id, station, batch_id):
        return total, per_precinct[precinct_id], per_station[station], per_batch[batch_id]

    on_day = changes.values_list("precinct_id", "station", "batch_id").annotate(
        *(Sum(name) for name in FIGURES)
    )
    for precinct_id, station, batch_id, *figures in on_day.order_by():
        for tally in tallies(precinct_id, station, batch_id):
            tally.add(*figures)
    ever = latest.values_list("precinct_id", "station", "batch_id").annotate(Sum("camera_count"))
    for precinct_id, station, batch_id, n in ever.order_by():
        for tally in tallies(precinct_id, station, batch_id):
            tally.registered += n
    batches = Batch.objects.order_by("code")
    later = Camera.objects.filter(install_day_unknown=True, installed_on__gt=on)
    if batch is not None:
        batches, later = batches.filter(pk=batch.pk), later.filter(batch=batch)
    return Coverage(
        on=on,
        counted_later=list(
            later.order_by("installed_on").values_list("installed_on").annotate(Count("pk"))
        ),
        total=total.row("all", pk=None, code="", name=""),
        by_precinct=[
            per_precinct[p.pk].row("precinct", pk=p.pk, code=p.code, name=p.name, precinct=p.code)
            for p in Precinct.objects.all()  # the department's order
        ],
        by_batch=[
            per_batch[b.pk].row(
                "batch",
                pk=b.pk,
                code=b.code,
                name=b.name,
                contracted=b.contracted_count,
                kind=b.kind,
            )
            for b in batches
        ],  # fmt: skip
        by_station=[
            per_station[s.pk].row(
                "station", pk=s.pk, code=s.code, name=s.name, precinct=s.precinct.code
            )
            for s in Station.objects.select_related("precinct")
        ],
    )


class _Tally:
    """Cameras, lane, LPR, lane-with-LPR and registered counts added up from roll-up cells."""

    def __init__(self):
        self.cameras = self.lane = self.lpr = self.lane_lpr = self.registered = 0

    def add(self, cameras: int, lane: int, lpr: int, lane_lpr: int):
        self.cameras += cameras
        self.lane += lane
        self.lpr += lpr
        self.lane_lpr += lane_lpr

    def row(self, scope: str, **extra) -> CoverageRow:
        return CoverageRow(
            scope=scope, cameras=self.cameras, lane=self.lane, lpr=self.lpr,
            lane_lpr=self.lane_lpr, registered=self.registered, **extra,
        )  # fmt: skip


def by_pk(rows) -> dict:
    """Return coverage rows by the pk of their precinct or batch."""
    return {row.pk: row for row in rows}


# The figures the admin shows beside precincts and batches: (attribute, label, format).
FIGURE_COLUMNS = (
    ("cameras", _("cameras"), intcomma),
    ("lane", _("lane"), intcomma),
    ("lpr", _("LPR"), intcomma),
    ("lpr_pct", _("LPR share of all"), pct_text),
    ("lpr_of_lane_pct", _("LPR share of lane"), pct_text),
)


class CoverageFigures:
    """The coverage figures beside the precincts or batches of an admin list.

    The figures source of core.adminsite.FiguresAdmin: one call of coverage() a page.
    """

    total_template = "admin/coverage_total.html"

    def __init__(self, scope: str, *, extra: tuple = ()):
        self.scope = scope  # "by_precinct", "by_station" or "by_batch"
        self.columns = (*extra, *FIGURE_COLUMNS)

    def days(self) -> list[tuple[datetime.date, str]]:
        """Return the days offered: the plan's day, the end of 111."""
        plan = _("%(day)s (the plan's figures)") % {"day": format_roc(PLAN_DAY)}
        return [(PLAN_DAY, plan), (AFTER_111, format_roc(AFTER_111))]

    def on(self, day: datetime.date):
        report = coverage(on=day)
        return report.total, by_pk(getattr(report, self.scope))


def past_service_life_count(*, on: datetime.date) -> int:
    """Return how many cameras in service on `on` have outlived their batch's service life."""
    rows = CoverageRollup.objects.filter(on_day_q(on) & past_service_life_q(on, service_lives()))
    return rows.aggregate(n=cameras_sum(Q()))["n"]


def in_service_by_precinct(*, on: datetime.date, batches) -> dict[int, list[tuple]]:
    """Return, for each of `batches`, its cameras in service on `on` by precinct: (precinct
    code, precinct name, cameras) for each precinct that has some, in the department's order.
    One query."""
    return _by_batch_and_precinct(Q(on_day_q(on), batch__in=batches))


def _by_batch_and_precinct(condition: Q) -> dict[int, list[tuple]]:
    """The roll-up rows that meet `condition`, summed by batch and precinct: {batch pk:
    [(precinct code, name, cameras), ...]} in the department's order, no empty precinct."""
    rows = (
        CoverageRollup.objects.filter(condition)
        .values_list("batch_id", "precinct__code", "precinct__name")
        .annotate(n=Sum("camera_count"))
        .order_by("batch_id", "precinct__position", "precinct__code")
    )
    found = defaultdict(list)
    for batch_id, code, name, n in rows:
        if n:
            found[batch_id].append((code, name, n))
    return found


REPLACEMENT_SECTIONS = (
    ("past_life", _("Past their service life")),
    ("lane_without_lpr", _("Lane cameras without LPR")),
    ("ended_lease", _("On leases that have ended")),
)


def replacement_conditions(on: datetime.date) -> dict[str, Q]:
    """Return, by section, which roll-up rows of cameras in service on `on` are due: past
    their batch's service life, lane cameras without LPR, on a lease that ended before `on`."""
    return {
        "past_life": past_service_life_q(on, service_lives()),
        "lane_without_lpr": Q(is_lane=True, has_lpr=False),
        "ended_lease": lease_ended_q(on, prefix="batch__"),
    }


@dataclass(frozen=True)
class ReplacementSection:
    """One reason for replacement: its cameras by precinct (rows) and batch (columns)."""

    key: str
    title: str
    batches: list[tuple[int, str]]  # (pk, code) of the batches with a camera due, by code
    counts: dict[tuple[int, int], int]  # (precinct pk, batch pk) -> cameras due; no zeros

    def count(self, precinct_pk: int, batch_pk: int) -> int:
        return self.counts.get((precinct_pk, batch_pk), 0)

    def precinct_total(self, precinct_pk: int) -> int:
        return sum(n for (p, _b), n in self.counts.items() if p == precinct_pk)

    def batch_total(self, batch_pk: int) -> int:
        return sum(n for (_p, b), n in self.counts.items() if b == batch_pk)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class ReplacementGrid:
    """The replacement planner on a day: every precinct, in the register's order, by section."""

    on: datetime.date
    precincts: list[Precinct]
    sections: list[ReplacementSection]

    def groups(self):
        """Yield (section, precinct, batch code, cameras) for every cell with a camera due,
        section by section, then by precinct and batch code: the rows of the planner's CSV."""
        for section in self.sections:
            for precinct in self.precincts:
                for batch_pk, code in section.batches:
                    if n := section.count(precinct.pk, batch_pk):
                        yield section, precinct, code, n


def replacement_grid(*, on: datetime.date) -> ReplacementGrid:
    """Return the cameras in service on `on` that are due for replacement, by section,
    precinct and batch: the planner's page and its CSV.

    One GROUP BY over the roll-up sums each section's cameras per precinct and batch (at most
    precincts × batches cells, whatever the size of the register); the totals are added up
    from those cells. One query more names the precincts, one reads the service lives.
    """
    conditions = replacement_conditions(on)
    due = Q()
    for condition in conditions.values():
        due |= condition
    cells = (
        CoverageRollup.objects.filter(on_day_q(on))
        .filter(due)
        .values_list("precinct_id", "batch_id", "batch__code")
        .annotate(**{key: cameras_sum(condition) for key, condition in conditions.items()})
        .order_by("batch__code")
    )
    counts = {key: {} for key in conditions}
    batches = {key: {} for key in conditions}
    for precinct_pk, batch_pk, code, *figures in cells:
        for key, n in zip(conditions, figures, strict=True):
            if n:
                counts[key][precinct_pk, batch_pk] = n
                batches[key][batch_pk] = code
    return ReplacementGrid(
        on=on,
        precincts=list(Precinct.objects.all()),  # the department's order
        sections=[
            ReplacementSection(
                key=key, title=title, batches=list(batches[key].items()), counts=counts[key]
            )
            for key, title in REPLACEMENT_SECTIONS
        ],
    )


@dataclass(frozen=True)
class Service:
    """What a lease bills of a batch's cameras (leases/billing.py): how many were in service on
    `start` (no `end`), or their days in service from `start` until the day before `end`; only
    those installed on or after `installed_from` when it is given."""

    start: datetime.date
    end: datetime.date | None = None
    installed_from: datetime.date | None = None


class DaysBetween(Func):
    """The days from date `a` to date `b`, an integer on both databases (b - a)."""

    output_field = IntegerField()

    def __init__(self, a, b):
        super().__init__(b, a)

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="(%(expressions)s)",
                              arg_joiner=" - ", **extra)  # fmt: skip

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection,
                              template="CAST(julianday(%(expressions)s) AS INTEGER)",
                              arg_joiner=") - julianday(", **extra)  # fmt: skip


def batch_service(batches, measures) -> dict[tuple[int, Service], int]:
    """Return each of `measures` (Service) for each of `batches` (pks) that has cameras, by
    (batch pk, measure): one query over the coverage roll-up, whatever the number of cameras
    or months. A camera counts in the batch its state had on each day (time-true)."""
    measures = list(dict.fromkeys(measures))
    if not measures or not batches:
        return {}
    sums = {}
    held = Q(valid_from__lt=F("valid_to"))  # a state begun after its camera's retirement: none
    for i, measure in enumerate(measures):
        condition = held
        if measure.installed_from is not None:
            condition &= Q(installed_on__gte=measure.installed_from)
        if measure.end is None:
            condition &= on_day_q(measure.start)
            sums[f"m{i}"] = cameras_sum(condition)
            continue
        start, end = Value(measure.start), Value(measure.end)
        days = DaysBetween(Greatest("valid_from", start), Least("valid_to", end))
        condition &= Q(valid_from__lt=measure.end, valid_to__gt=measure.start)
        sums[f"m{i}"] = Coalesce(Sum(F("camera_count") * days, filter=condition), 0)
    rows = (
        CoverageRollup.objects.filter(batch__in=batches)
        .values("batch")
        .annotate(**sums)
        .order_by("batch")
    )
    return {
        (row["batch"], measure): row[f"m{i}"] for row in rows for i, measure in enumerate(measures)
    }


def in_service_by_precinct_on(days: dict[int, datetime.date]) -> dict[int, list[tuple]]:
    """Return, for each batch pk of `days` ({batch pk: day}), its cameras in service on its
    own day by precinct, as in_service_by_precinct(): one query over the roll-up (the leases
    that end in a fiscal year, each on its last day)."""
    if not days:
        return {}
    condition = Q()
    for pk, day in days.items():
        condition |= Q(batch=pk) & on_day_q(day)
    found = _by_batch_and_precinct(condition)
    return {pk: found[pk] for pk in days}
