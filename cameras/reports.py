"""Coverage figures for any day: totals, lane, LPR and their shares, by precinct and by batch.

Every figure is counted in SQL, one query per breakdown; the dashboard, the admin, the reports and
their CSV files all call `coverage()`, so they cannot disagree.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from leases.models import Batch, BatchKind

from .models import Camera, Precinct
from .querysets import in_service_q


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


def with_coverage(queryset, *, on: datetime.date, prefix: str = "", where: Q | None = None):
    """Annotate `queryset` with cameras_count, lane_count, lpr_count and lane_lpr_count on `on`.

    `prefix` is the path from the queryset's model to the camera, e.g. "sites__cameras__";
    `where` narrows the cameras counted, e.g. to one batch.
    """
    return queryset.annotate(**_counts(on, prefix, where))


def coverage_total(*, on: datetime.date) -> CoverageRow:
    """Return the figures of the whole register on day `on`, in one query."""
    return _row("all", Camera.objects.aggregate(**_counts(on)), pk=None, code="", name="")


def _counts(on: datetime.date, prefix: str = "", where: Q | None = None) -> dict:
    counted = in_service_q(on, prefix) & (where or Q())
    lane = Q(**{f"{prefix}is_lane": True})
    lpr = Q(**{f"{prefix}has_lpr": True})
    pk = f"{prefix}pk" if prefix else "pk"
    return {
        "cameras_count": Count(pk, filter=counted),
        "lane_count": Count(pk, filter=counted & lane),
        "lpr_count": Count(pk, filter=counted & lpr),
        "lane_lpr_count": Count(pk, filter=counted & lane & lpr),
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
    """Return the coverage figures of the register on day `on`, in three queries."""
    precincts = with_coverage(Precinct.objects.order_by("code"), on=on, prefix="sites__cameras__")
    batches = with_coverage(
        Batch.objects.with_camera_counts().order_by("code"), on=on, prefix="cameras__"
    )
    return Coverage(
        on=on,
        total=coverage_total(on=on),
        by_precinct=[
            _row("precinct", vars(p), pk=p.pk, code=p.code, name=p.name) for p in precincts
        ],
        by_batch=[
            _row(
                "batch",
                vars(b),
                pk=b.pk,
                code=b.code,
                name=b.name,
                contracted=b.contracted_count,
                registered=b.registered_count,
                kind=b.kind,
            )
            for b in batches
        ],
    )


def replacement_plan(section: str, *, on: datetime.date) -> list[dict]:
    """Return the cameras due for replacement on `on`, counted by precinct and batch.

    `section` is "past_life" (past service life), "lane_without_lpr" or "ended_lease" (on a lease
    that ended before `on`). One GROUP BY query (plus one for the batches' service lives).
    """
    cameras = Camera.objects.all()
    if section == "past_life":
        cameras = cameras.past_service_life(on=on)
    elif section == "lane_without_lpr":
        cameras = cameras.in_service(on=on).filter(is_lane=True, has_lpr=False)
    elif section == "ended_lease":
        cameras = cameras.on_ended_leases(on=on)
    else:
        raise ValueError(f"unknown section {section!r}")
    return list(
        cameras.values("site__precinct", "site__precinct__name", "batch", "batch__code")
        .annotate(camera_count=Count("pk"))
        .order_by("site__precinct__code", "batch__code")
    )
