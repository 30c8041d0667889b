"""CSV downloads of the batch list, the budget lines and a fiscal year's budget table.

The fiscal-year file comes from fiscal_year_table(), the function its page calls; the batch list
from the batch list page's own context (its figures are computed in the view).
"""

from collections.abc import Iterator
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from cameras.csvfile import (
    csv_chunks,
    date_cell,
    decimal_cell,
    number_cell,
    roc_cell,
    text_cell,
)
from cameras.exports import ITERATOR_CHUNK, CsvView, page_context
from cameras.views import today

from .models import BudgetLine
from .reports import THOUSANDTHS, fiscal_year_table
from .views import BatchListView

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
)  # then one fy<year>_thousand_ntd column per fiscal year with budget lines, oldest first
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


def batch_rows(rows: list[dict]) -> Iterator[list[str]]:
    """Yield the batch list's rows (the page's context rows) as cells."""
    for row in rows:
        batch = row["batch"]
        yield [
            text_cell(batch.code),
            text_cell(batch.name),
            batch.kind,
            number_cell(batch.contracted_count),
            number_cell(batch.registered_count),
            number_cell(batch.in_service_count),
            date_cell(batch.lease_start),
            roc_cell(batch.lease_start),
            date_cell(batch.lease_end),
            roc_cell(batch.lease_end),
            row["status"],
            number_cell(batch.procured_roc_year),
            number_cell(batch.service_life_years),
            text_cell(batch.vendor),
            *(decimal_cell(money(amount)) for amount in row["costs"]),
        ]


def money(amount: Decimal | None) -> Decimal | None:
    """Return an amount in thousand NTD with its three places (the dollar), however summed."""
    return None if amount is None else amount.quantize(THOUSANDTHS)


class BatchExportView(CsvView):
    """The batch list, from the context its page renders: the two cannot disagree."""

    def export(self, params, *, bom):
        page = page_context(BatchListView, self.request)
        years = page["years"]
        # by code: the page's query aggregates, so Meta.ordering does not apply to it
        rows = sorted(page["rows"], key=lambda row: row["batch"].code)
        header = [*BATCH_COLUMNS, *(f"fy{year}_thousand_ntd" for year in years)]
        return f"leases_{page['today'].isoformat()}.csv", csv_chunks(
            header, batch_rows(rows), bom=bom
        )


def budget_line_cells(values: dict) -> list[str]:
    """Return a budget line's cells from its values by lookup (as values() gives them)."""
    return [to_cell(values[lookup]) for lookup, to_cell in BUDGET_LINE_SOURCES.values()]


def budget_line_rows(lines) -> Iterator[list[str]]:
    lookups = [lookup for lookup, _cell in BUDGET_LINE_SOURCES.values()]
    for line in lines.values(*lookups).iterator(chunk_size=ITERATOR_CHUNK):
        yield budget_line_cells(line)


class BudgetLineExportView(CsvView):
    """Every budget line of every fiscal year."""

    def export(self, params, *, bom):
        lines = BudgetLine.objects.order_by("fiscal_year", "batch__code", "contract", "pk")
        return f"budget_lines_{today().isoformat()}.csv", csv_chunks(
            BUDGET_LINE_COLUMNS, budget_line_rows(lines), bom=bom
        )


def fiscal_year_rows(table) -> Iterator[list[str]]:
    """Yield the fiscal year's budget lines (scope "line"), then its total (scope "total")."""
    for line in table.lines:
        yield [
            "line",
            *budget_line_cells(
                {
                    "fiscal_year": line.fiscal_year,
                    "batch__code": line.batch.code if line.batch else "",
                    "batch__name": line.batch.name if line.batch else "",
                    "contract": line.contract,
                    "funding_source": line.funding_source,
                    "amount_thousand_ntd": line.amount_thousand_ntd,
                    "purpose": line.purpose,
                }
            ),
        ]
    yield ["total", number_cell(table.fiscal_year), "", "", "", "", decimal_cell(table.total), ""]


class FiscalYearExportView(CsvView):
    def export(self, params, *, bom, year: int):
        if not 1 <= year <= 500:
            raise Http404(_("No such fiscal year."))
        table = fiscal_year_table(year)
        return f"fiscal_year_{year}_{today().isoformat()}.csv", csv_chunks(
            FISCAL_YEAR_COLUMNS, fiscal_year_rows(table), bom=bom
        )
