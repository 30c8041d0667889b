"""Money: what the batches and contracts cost in each fiscal year (thousand NTD, exact)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from .models import BudgetLine

THOUSANDTHS = Decimal("0.001")  # amounts are kept to the dollar: thousands with three decimals


def lease_cost_by_fiscal_year(*, batch=None) -> list[dict]:
    """Return [{"fiscal_year": 111, "amount": Decimal(...)}, ...] summed in SQL, oldest first."""
    lines = BudgetLine.objects.all()
    if batch is not None:
        lines = lines.filter(batch=batch)
    rows = lines.values("fiscal_year").annotate(amount=Sum("amount_thousand_ntd"))
    return [
        {"fiscal_year": row["fiscal_year"], "amount": row["amount"].quantize(THOUSANDTHS)}
        for row in rows.order_by("fiscal_year")
    ]


@dataclass(frozen=True)
class FiscalYearTable:
    fiscal_year: int
    lines: list
    total: Decimal


def fiscal_year_table(fiscal_year: int) -> FiscalYearTable:
    """Return the budget lines of one fiscal year, as the plan tabulates them, with the total."""
    lines = BudgetLine.objects.for_fiscal_year(fiscal_year).select_related("batch")
    total = lines.aggregate(total=Sum("amount_thousand_ntd"))["total"] or Decimal("0")
    total = total.quantize(THOUSANDTHS)
    return FiscalYearTable(fiscal_year=fiscal_year, lines=list(lines), total=total)
