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


@dataclass(frozen=True)
class BatchTable:
    on: datetime.date
    years: list[int]  # the fiscal years with budget lines for batches, oldest first
    rows: list[BatchRow]


def batch_table(*, on: datetime.date, figures: dict) -> BatchTable:
    """Return every batch (by code) with its lease status on `on`, its figures and its costs.

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
        )
        for b in batches
    ]
    return BatchTable(on=on, years=years, rows=rows)


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
