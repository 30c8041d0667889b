"""CSV downloads of the batch list, the budget lines and a fiscal year's budget table.

The batch file comes from batch_table() on the list's day, the fiscal-year file from
fiscal_year_table(): the functions their pages call.
"""

from collections.abc import Iterator

from core.csvfile import (
    csv_chunks,
    date_cell,
    decimal_cell,
    number_cell,
    roc_cell,
    text_cell,
    value_rows,
)
from core.generic import CsvView, as_of_param, today

from .models import BudgetLine
from .reports import fiscal_year_table
from .views import batches_on, fiscal_year_or_404

BATCH_COLUMNS = (
    "code",
    "name",
    "kind",
    "contracted",
    "registered",
    "in_service",
    "lease_start",
    "lease_start_roc",
    "lease_end",
    "lease_end_roc",
    "lease_status",
    "procured_roc_year",
    "service_life_years",
    "vendor",
)  # fmt: skip  (then one fy<year>_thousand_ntd column per fiscal year with lines, oldest first)


def batch_rows(table) -> Iterator[list[str]]:
    """Yield the batch list's rows as cells."""
    for row in table.rows:
        batch, figures = row.batch, row.figures
        yield [
            text_cell(batch.code), text_cell(batch.name), batch.kind,
            number_cell(batch.contracted_count),
            number_cell(figures.registered if figures else 0),
            number_cell(figures.cameras if figures else 0),
            date_cell(batch.lease_start), roc_cell(batch.lease_start),
            date_cell(batch.lease_end), roc_cell(batch.lease_end), batch.lease_status,
            number_cell(batch.procured_roc_year), number_cell(batch.service_life_years),
            text_cell(batch.vendor), *(decimal_cell(amount) for amount in row.costs),
        ]  # fmt: skip


class BatchExportView(CsvView):
    """The batch list on its day (?as_of=), as its page shows it."""

    def export(self, params, *, bom):
        table = batches_on(as_of_param(params), params)
        header = [*BATCH_COLUMNS, *(f"fy{year}_thousand_ntd" for year in table.years)]
        return f"leases_{table.on.isoformat()}.csv", csv_chunks(header, batch_rows(table), bom=bom)


# column -> (lookup, cell)
BUDGET_LINE_SOURCES = {
    "fiscal_year": ("fiscal_year", number_cell),
    "batch": ("batch__code", text_cell),
    "batch_name": ("batch__name", text_cell),
    "contract": ("contract", text_cell),
    "funding_source": ("funding_source", text_cell),
    "amount_thousand_ntd": ("amount_thousand_ntd", decimal_cell),
    "purpose": ("purpose", text_cell),
}
BUDGET_LINE_COLUMNS = tuple(BUDGET_LINE_SOURCES)
FISCAL_YEAR_COLUMNS = ("scope", *BUDGET_LINE_COLUMNS)


class BudgetLineExportView(CsvView):
    """Every budget line of every fiscal year."""

    def export(self, params, *, bom):
        lines = BudgetLine.objects.order_by("fiscal_year", "batch__code", "contract", "pk")
        lookups, writers = zip(*BUDGET_LINE_SOURCES.values(), strict=True)
        return f"budget_lines_{today().isoformat()}.csv", csv_chunks(
            BUDGET_LINE_COLUMNS, value_rows(lines, lookups, writers), bom=bom
        )


def fiscal_year_rows(table) -> Iterator[list[str]]:
    """Yield the fiscal year's budget lines (scope "line"), then its total (scope "total")."""
    for line in table.lines:
        batch = line.batch
        yield [
            "line", number_cell(line.fiscal_year), text_cell(batch.code if batch else ""),
            text_cell(batch.name if batch else ""), text_cell(line.contract),
            text_cell(line.funding_source), decimal_cell(line.amount_thousand_ntd),
            text_cell(line.purpose),
        ]  # fmt: skip
    yield ["total", number_cell(table.fiscal_year), "", "", "", "", decimal_cell(table.total), ""]


class FiscalYearExportView(CsvView):
    def export(self, params, *, bom, year: int):
        table = fiscal_year_table(fiscal_year_or_404(year))
        return f"fiscal_year_{year}_{today().isoformat()}.csv", csv_chunks(
            FISCAL_YEAR_COLUMNS, fiscal_year_rows(table), bom=bom
        )
