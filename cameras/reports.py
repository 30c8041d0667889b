"""Coverage figures for any day: totals, lane, LPR and their shares, by precinct and by batch.

Every figure is summed in SQL over the coverage roll-up (cameras/rollup.py), one query per
breakdown, so a page costs the same at 20,000 cameras and at 1,000,000; the dashboard, the admin,
the reports and their CSV files all call these functions, so they cannot disagree.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce

from leases.models import Batch, BatchKind

from .models import CoverageRollup, Precinct
from .querysets import past_service_life_q, service_lives


def share_pct(part: int, whole: int) -> Decimal | None:
    """Return part / whole as a percentage rounded half-up to two decimals; None when whole is 0.

    Integer arithmetic, so 12,978 / 22,049 gives exactly Decimal("58.86") on every database.
    """
    if not whole:
        return None
    hundredths = (2 * 10_000 * part + whole) // (2 * whole)
    return Decimal(hundredths).scaleb(-2)


@dataclass(frozen=True)
class CoverageRow:
    """One line of the coverage report: the whole register, a precinct or a batch."""

    scope: str  # "all", "precinct" or "batch"
    pk: int | None
    code: str
    name: str
    cameras: int
    lane: int
    lpr: int
    lane_lpr: int
    contracted: int | None = None
    registered: int | None = None
    kind: str = ""

    @property
    def kind_label(self) -> str:
        return BatchKind(self.kind).label if self.kind else ""

    @property
    def lpr_pct(self) -> Decimal | None:
        return share_pct(self.lpr, self.cameras)

    @property
    def lpr_of_lane_pct(self) -> Decimal | None:
        """Return the share of lane cameras that have LPR."""
        return share_pct(self.lane_lpr, self.lane)

    @property
    def registered_minus_contracted(self) -> int | None:
        if self.contracted is None or self.registered is None:
            return None
        return self.registered - self.contracted


@dataclass(frozen=True)
class Coverage:
    on: datetime.date
    total: CoverageRow
    by_precinct: list[CoverageRow]
    by_batch: list[CoverageRow]

    def rows(self):
        """Yield the report's rows in CSV order: the whole register, precincts, batches."""
        yield self.total
        yield from self.by_precinct
        yield from self.by_batch


def rows_in_service_q(on: datetime.date, prefix: str = "") -> Q:
    """Return the condition for roll-up rows whose cameras count on day `on`.

    The same rule as querysets.in_service_q: installed on or before the day and not retired on
    or before it (a camera still in service has the retire day 9999-12-31 in the roll-up).
    """
    return Q(**{f"{prefix}installed_on__lte": on, f"{prefix}retired_on__gt": on})


def cameras_sum(condition: Q, prefix: str = ""):
    """Return SUM(camera_count) of the roll-up rows that meet `condition`, 0 when none do."""
    return Coalesce(Sum(f"{prefix}camera_count", filter=condition), 0)


def with_coverage(queryset, *, on: datetime.date, where: Q | None = None):
    """Annotate precincts or batches with cameras_count, lane_count, lpr_count, lane_lpr_count.

    `where` narrows the cameras counted, e.g. Q(coverage_rows__batch=batch).
    """
    return queryset.annotate(**_sums(on, "coverage_rows__", where))


def coverage_total(*, on: datetime.date) -> CoverageRow:
    """Return the figures of the whole register on day `on`, in one query."""
    return _row("all", CoverageRollup.objects.aggregate(**_sums(on)), pk=None, code="", name="")


def _sums(on: datetime.date, prefix: str = "", where: Q | None = None) -> dict:
    counted = rows_in_service_q(on, prefix) & (where or Q())
    lane = Q(**{f"{prefix}is_lane": True})
    lpr = Q(**{f"{prefix}has_lpr": True})
    return {
        "cameras_count": cameras_sum(counted, prefix),
        "lane_count": cameras_sum(counted & lane, prefix),
        "lpr_count": cameras_sum(counted & lpr, prefix),
        "lane_lpr_count": cameras_sum(counted & lane & lpr, prefix),
    }


def _row(scope: str, values: dict, **extra) -> CoverageRow:
    return CoverageRow(
        scope=scope,
        cameras=values["cameras_count"],
        lane=values["lane_count"],
        lpr=values["lpr_count"],
        lane_lpr=values["lane_lpr_count"],
        **extra,
    )


def coverage(*, on: datetime.date) -> Coverage:
    """Return the coverage figures of the register on day `on`, in three small queries.

    One GROUP BY over the roll-up sums, per precinct, batch, lane and LPR, the cameras counting
    on `on` and all cameras ever registered — at most a few hundred cells, whatever the size of
    the register — and the total, the precinct rows and the batch rows are added up from those
    cells, so all three agree by construction.
    """
    cells = (
        CoverageRollup.objects.values_list("precinct_id", "batch_id", "is_lane", "has_lpr")
        .annotate(n=cameras_sum(rows_in_service_q(on)), registered=Sum("camera_count"))
        .order_by()
    )
    total, per_precinct, per_batch = _Tally(), defaultdict(_Tally), defaultdict(_Tally)
    registered = defaultdict(int)
    for precinct_id, batch_id, is_lane, has_lpr, n, ever in cells:
        for tally in (total, per_precinct[precinct_id], per_batch[batch_id]):
            tally.add(n, is_lane, has_lpr)
        registered[batch_id] += ever
    return Coverage(
        on=on,
        total=total.row("all", pk=None, code="", name=""),
        by_precinct=[
            per_precinct[p.pk].row("precinct", pk=p.pk, code=p.code, name=p.name)
            for p in Precinct.objects.order_by("code")
        ],
        by_batch=[
            per_batch[b.pk].row(
                "batch",
                pk=b.pk,
                code=b.code,
                name=b.name,
                contracted=b.contracted_count,
                registered=registered.get(b.pk, 0),
                kind=b.kind,
            )
            for b in Batch.objects.order_by("code")
        ],  # fmt: skip
    )


class _Tally:
    """Cameras, lane, LPR and lane-with-LPR counts added up from roll-up cells."""

    def __init__(self):
        self.cameras = self.lane = self.lpr = self.lane_lpr = 0

    def add(self, n: int, is_lane: bool, has_lpr: bool):
        self.cameras += n
        self.lane += n if is_lane else 0
        self.lpr += n if has_lpr else 0
        self.lane_lpr += n if is_lane and has_lpr else 0

    def row(self, scope: str, **extra) -> CoverageRow:
        return CoverageRow(
            scope=scope, cameras=self.cameras, lane=self.lane, lpr=self.lpr,
            lane_lpr=self.lane_lpr, **extra,
        )  # fmt: skip


def in_service_sum(on: datetime.date):
    """Return an annotation for precincts or batches: their cameras in service on `on`."""
    return cameras_sum(rows_in_service_q(on, "coverage_rows__"), "coverage_rows__")


def past_service_life_count(*, on: datetime.date) -> int:
    """Return how many cameras in service on `on` have outlived their batch's service life."""
    rows = CoverageRollup.objects.filter(
        rows_in_service_q(on) & past_service_life_q(on, service_lives())
    )
    return rows.aggregate(n=cameras_sum(Q()))["n"]


def replacement_plan(section: str, *, on: datetime.date) -> list[dict]:
    """Return the cameras due for replacement on `on`, counted by precinct and batch.

    `section` is "past_life" (past service life), "lane_without_lpr" or "ended_lease" (on a lease
    that ended before `on`). One GROUP BY query (plus one for the batches' service lives).
    """
    rows = CoverageRollup.objects.filter(rows_in_service_q(on))
    if section == "past_life":
        rows = rows.filter(past_service_life_q(on, service_lives()))
    elif section == "lane_without_lpr":
        rows = rows.filter(is_lane=True, has_lpr=False)
    elif section == "ended_lease":
        rows = rows.filter(batch__kind=BatchKind.LEASE, batch__lease_end__lt=on)
    else:
        raise ValueError(f"unknown section {section!r}")
    return list(
        rows.values("precinct", "precinct__name", "batch", "batch__code")
        .annotate(camera_count=Sum("camera_count"))
        .order_by("precinct__code", "batch__code")
    )
