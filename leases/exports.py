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

from .billing import fiscal_year_report, lease_years
from .models import BudgetLine
from .scenarios import scenario_reports
from .views import batches_on, chosen, fiscal_year_or_404

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
    "lease_end_computed",
    "lease_status",
    "procured_roc_year",
    "service_life_years",
    "vendor",
    "contract_number",
    "monthly_rate_ntd",
    "term_months",
    "billing_start",
    "billing_rule",
    "funding_source",
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
            date_cell(batch.lease_end), roc_cell(batch.lease_end),
            date_cell(batch.lease_end_computed), batch.lease_status,
            number_cell(batch.procured_roc_year), number_cell(batch.service_life_years),
            text_cell(batch.vendor), text_cell(batch.contract_number),
            decimal_cell(batch.monthly_rate_ntd), number_cell(batch.term_months),
            *((batch.billing_start, batch.billing_rule) if batch.is_lease else ("", "")),
            batch.funding_source,
            *(decimal_cell(amount) for amount in row.costs),
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
# then the projection's figures: on a "projected" row, what the register says a lease costs
# and on an "ending" row, a lease that ends in the year: its last day, its cameras by precinct
FISCAL_YEAR_COLUMNS = (
    "scope", *BUDGET_LINE_COLUMNS, "camera_months", "budget_thousand_ntd",
    "difference_thousand_ntd", "ends_on", "precinct", "cameras",
)  # fmt: skip


class BudgetLineExportView(CsvView):
    """Every budget line of every fiscal year."""

    def export(self, params, *, bom):
        lines = BudgetLine.objects.order_by("fiscal_year", "batch__code", "contract", "pk")
        lookups, writers = zip(*BUDGET_LINE_SOURCES.values(), strict=True)
        return f"budget_lines_{today().isoformat()}.csv", csv_chunks(
            BUDGET_LINE_COLUMNS, value_rows(lines, lookups, writers), bom=bom
        )


def fiscal_year_rows(report) -> Iterator[list[str]]:
    """Yield the fiscal year's budget lines (scope "line") and their total ("total"), then
    each lease's projected cost ("projected") and theirs ("projected_total"), then the
    cameras of each lease that ends in the year by precinct ("ending")."""
    table, year = report.table, number_cell(report.table.fiscal_year)
    for line in table.lines:
        batch = line.batch
        yield [
            "line", year, text_cell(batch.code if batch else ""),
            text_cell(batch.name if batch else ""), text_cell(line.contract),
            text_cell(line.funding_source), decimal_cell(line.amount_thousand_ntd),
            text_cell(line.purpose), "", "", "", "", "", "",
        ]  # fmt: skip
    yield ["total", year, "", "", "", "", decimal_cell(table.total), *[""] * 7]
    for lease in report.leases:
        batch = lease.batch
        yield [
            "projected", year, text_cell(batch.code), text_cell(batch.name), "",
            text_cell(batch.funding_source), decimal_cell(lease.amount_thousand_ntd), "",
            decimal_cell(lease.camera_months.normalize()), decimal_cell(lease.budget),
            decimal_cell(lease.difference), "", "", "",
        ]  # fmt: skip
    yield [
        "projected_total", year, "", "", "", "", decimal_cell(report.projected_total), "", "",
        decimal_cell(report.budgeted), decimal_cell(report.projected_total - report.budgeted),
        "", "", "",
    ]  # fmt: skip
    for end in report.ending:
        for code, _name, cameras in end.by_precinct:
            yield [
                "ending", year, text_cell(end.batch.code), text_cell(end.batch.name), "", "", "",
                "", "", "", "", date_cell(end.on), text_cell(code), number_cell(cameras),
            ]  # fmt: skip


class FiscalYearExportView(CsvView):
    def export(self, params, *, bom, year: int):
        report = fiscal_year_report(fiscal_year_or_404(year))
        return f"fiscal_year_{year}_{today().isoformat()}.csv", csv_chunks(
            FISCAL_YEAR_COLUMNS, fiscal_year_rows(report), bom=bom
        )


LEASE_YEAR_COLUMNS = (
    "fiscal_year", "leases", "unpriced_leases", "camera_months", "cameras",
    "amount_thousand_ntd",
)  # fmt: skip


class LeaseYearsExportView(CsvView):
    """What the leases cost each fiscal year by the register: the multi-year table."""

    def export(self, params, *, bom):
        rows = (
            [number_cell(row.fiscal_year), number_cell(row.leases), number_cell(row.unpriced),
             decimal_cell(row.camera_months), decimal_cell(row.cameras),
             decimal_cell(row.amount_thousand_ntd)]
            for row in lease_years(today())
        )  # fmt: skip
        return f"lease_years_{today().isoformat()}.csv", csv_chunks(
            LEASE_YEAR_COLUMNS, rows, bom=bom
        )


SCENARIO_COLUMNS = (
    "scenario", "name", "scope", "fiscal_year", "months", "precinct", "cameras", "camera_months",
    "monthly_rate_ntd", "amount_thousand_ntd",
)  # fmt: skip


def scenario_rows(reports) -> Iterator[list[str]]:
    """Yield each scenario's cameras by precinct ("cameras"; "stated" when given as a
    number), its cost per fiscal year ("year"), then its total ("total")."""
    for report in reports:
        scenario = report.scenario
        head = [number_cell(scenario.pk), text_cell(scenario.name)]
        rate = decimal_cell(scenario.monthly_rate_ntd)
        for code, _name, cameras in report.by_precinct:
            yield [*head, "cameras", "", "", text_cell(code), number_cell(cameras), "", "", ""]
        if report.stated:
            yield [*head, "stated", "", "", "", number_cell(report.cameras), "", "", ""]
        for year in report.years:
            yield [
                *head, "year", number_cell(year.fiscal_year), number_cell(year.months), "",
                number_cell(report.cameras), number_cell(year.camera_months), rate,
                decimal_cell(year.amount_thousand_ntd),
            ]  # fmt: skip
        months = sum(year.months for year in report.years)
        yield [
            *head, "total", "", number_cell(months), "", number_cell(report.cameras),
            number_cell(months * report.cameras), rate, decimal_cell(report.total_thousand_ntd),
        ]  # fmt: skip


class ScenarioExportView(CsvView):
    """One scenario or several (?id=1&id=2), as their page shows them."""

    def export(self, params, *, bom):
        reports = scenario_reports(chosen(params), on=today())
        return f"scenarios_{today().isoformat()}.csv", csv_chunks(
            SCENARIO_COLUMNS, scenario_rows(reports), bom=bom
        )
