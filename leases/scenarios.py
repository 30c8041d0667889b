"""What a replacement scenario costs: its cameras, at its rate, each month of its term.

A scenario's cameras are those in service today on the batches it replaces (in its precincts,
or every precinct), counted from the roll-up, unless it states their number; each bills every
month of the term, so a fiscal year costs its months of the term × cameras × rate. The page,
the comparison and the CSV all call `scenario_report()`.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from cameras.reports import in_service_by_precinct
from core.roc import ROC_OFFSET

from .billing import thousands
from .models import Scenario


@dataclass(frozen=True)
class ScenarioYear:
    fiscal_year: int
    months: int  # of the term, in this year
    camera_months: int
    amount_thousand_ntd: Decimal


@dataclass(frozen=True)
class ScenarioReport:
    scenario: Scenario
    on: datetime.date  # the day its cameras are counted
    by_precinct: list[tuple[str, str, int]]  # counted: (code, name, cameras); stated: []
    cameras: int
    years: list[ScenarioYear]

    @property
    def total_thousand_ntd(self) -> Decimal:
        return sum((year.amount_thousand_ntd for year in self.years), Decimal("0.000"))

    @property
    def stated(self) -> bool:
        return self.scenario.camera_count is not None


def scenario_reports(scenarios, *, on: datetime.date) -> list[ScenarioReport]:
    """Return each scenario's cameras and cost per fiscal year over its term, in the order
    given. Three queries, however many scenarios (their batches and precincts prefetched)."""
    scenarios = list(scenarios)
    batches = {batch.pk for s in scenarios for batch in s.batches.all()}
    counted = in_service_by_precinct(on=on, batches=sorted(batches)) if batches else {}
    reports = []
    for scenario in scenarios:
        wanted = {precinct.code for precinct in scenario.precincts.all()}
        by_code = {}
        for batch in scenario.batches.all():
            for code, name, n in counted.get(batch.pk, []):
                if not wanted or code in wanted:
                    by_code[code] = (code, name, by_code.get(code, (code, name, 0))[2] + n)
        by_precinct = list(by_code.values()) if scenario.camera_count is None else []
        cameras = scenario.camera_count
        if cameras is None:
            cameras = sum(n for _code, _name, n in by_precinct)
        reports.append(
            ScenarioReport(scenario, on, by_precinct, cameras, _years(scenario, cameras))
        )
    return reports


def _years(scenario: Scenario, cameras: int) -> list[ScenarioYear]:
    """The term's months by fiscal year, and what they cost."""
    months = {}
    first, last = scenario.start, scenario.last_month
    for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        year = index // 12 - ROC_OFFSET
        months[year] = months.get(year, 0) + 1
    return [
        ScenarioYear(year, n, n * cameras, thousands(n * cameras * scenario.monthly_rate_ntd))
        for year, n in months.items()
    ]
