"""Money and leases: what batches and contracts cost each fiscal year, and where leases stand.

Amounts are thousand NTD, exact (Decimal), summed in SQL. The batch list page and its CSV both
call `batch_table()`; a fiscal year's page and its CSV both call `fiscal_year_table()`.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .models import Batch, BudgetLine

THOUSANDTHS = Decimal("0.001")  # amounts are kept to the dollar: thousands with three decimals


def money(amount: Decimal | None) -> Decimal | None:
    """Return an amount in thousand NTD with its three places (the dollar), however summed."""
    return None if amount is None else amount.quantize(THOUSANDTHS)


def lease_cost_by_fiscal_year(*, batch=None) -> list[dict]:
    """Return [{"fiscal_year": 111, "amount": Decimal(...)}, ...] summed in SQL, oldest first."""
    lines = BudgetLine.objects.all()
    if batch is not None:
        lines = lines.filter(batch=batch)
    rows = lines.values("fiscal_year").annotate(amount=Sum("amount_thousand_ntd"))
    return [
        {"fiscal_year": row["fiscal_year"], "amount": money(row["amount"])}
        for row in rows.order_by("fiscal_year")
    ]


@dataclass(frozen=True)
class BatchRow:
    """A batch on the batch list: the batch (with lease_status), its figures, its costs."""

    batch: Batch
    figures: object  # the batch's coverage row (cameras.reports.CoverageRow), None if none
    costs: list  # thousand NTD per fiscal year of the table, None where it has no line
    days_left: int | None  # to the lease's end from the table's day; None: no lease or no end

    @property
    def days_ago(self) -> int | None:
        """Return how many days ago the lease ended, None if it has not."""
        return -self.days_left if self.days_left is not None and self.days_left < 0 else None


def _figure(name):
    return lambda row: getattr(row.figures, name, None) if row.figures else None


# The batch list's columns it sorts by (?sort=<name>, -<name> for the other way); a fiscal
# year's column is fy<year>. Empty values go last either way.
BATCH_SORTS = {
    "code": lambda row: row.batch.code,
    "kind": lambda row: row.batch.kind,
    "contracted": lambda row: row.batch.contracted_count,
    "registered": _figure("registered"),
    "in_service": _figure("cameras"),
    "lease_end": lambda row: row.batch.end,
    "days_left": lambda row: row.days_left,
    "status": lambda row: row.batch.lease_status or None,
}


def sort_key(sort: str, years: list[int]):
    """Return (key function, descending) for ?sort=; None for a name the list has not."""
    name = sort.removeprefix("-")
    key = BATCH_SORTS.get(name)
    if key is None and name.startswith("fy") and name[2:].isdigit() and int(name[2:]) in years:
        column = years.index(int(name[2:]))
        key = lambda row: row.costs[column]  # noqa: E731
    return None if key is None else (key, sort.startswith("-"))


@dataclass(frozen=True)
class BatchTable:
    on: datetime.date
    years: list[int]  # the fiscal years with budget lines for batches, oldest first
    rows: list[BatchRow]


def batch_table(*, on: datetime.date, figures: dict, sort: str = "code") -> BatchTable:
    """Return every batch with its lease status on `on`, its figures and its costs, in the
    order `sort` names (BATCH_SORTS, by code within equal values); ValueError for another.

    `figures` maps batch pk to its coverage row on `on` (cameras.reports.coverage().by_batch):
    camera counts are the camera register's to give.
    """
    cost = defaultdict(dict)
    for row in (
        BudgetLine.objects.filter(batch__isnull=False)
        .values("batch", "fiscal_year")
        .annotate(amount=Sum("amount_thousand_ntd"))
    ):
        cost[row["batch"]][row["fiscal_year"]] = money(row["amount"])
    years = sorted({year for per_batch in cost.values() for year in per_batch})
    batches = Batch.objects.with_lease_status(on=on).order_by("code")
    rows = [
        BatchRow(
            batch=b,
            figures=figures.get(b.pk),
            costs=[cost[b.pk].get(y) for y in years],
            days_left=b.days_left(on) if b.is_lease else None,
        )
        for b in batches
    ]
    found = sort_key(sort, years)
    if found is None:
        raise ValueError(sort)
    key, descending = found
    known = sorted((r for r in rows if key(r) is not None), key=key, reverse=descending)
    return BatchTable(on=on, years=years, rows=known + [r for r in rows if key(r) is None])


@dataclass(frozen=True)
class FiscalYearTable:
    fiscal_year: int
    lines: list
    total: Decimal


def fiscal_year_table(fiscal_year: int) -> FiscalYearTable:
    """Return the budget lines of one fiscal year, as the plan tabulates them, with the total."""
    lines = BudgetLine.objects.for_fiscal_year(fiscal_year).select_related("batch")
    total = lines.aggregate(total=Sum("amount_thousand_ntd"))["total"] or Decimal("0")
    return FiscalYearTable(fiscal_year=fiscal_year, lines=list(lines), total=money(total))


def fiscal_years() -> list[int]:
    """Return the fiscal years that have budget lines, oldest first."""
    return sorted(set(BudgetLine.objects.values_list("fiscal_year", flat=True)))
