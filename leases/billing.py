"""What a lease costs month by month: its terms applied to the time-true register.

For each calendar month of a fiscal year (Taiwan's fiscal year is the calendar year, named by
its ROC year) a lease bills the cameras it has that month at its monthly rate:
- whole months (the default): a camera in service on the month's last day — installed on or
  before it and not retired on or before it, faulty or not — is billed the whole month, while
  the lease runs through that day;
- by days: each camera's days in service in the month, while the lease runs, over the days
  of the month.
A lease bills from its start (one not stated: from 1 January of the year it was procured) until
its end (stated, else computed from its term); one that bills from each camera's install day
bills a camera for its term from the month it was installed. The counts come from the coverage
roll-up, one query for every lease and month (cameras.reports.batch_service); the money is
Decimal, rounded half-up once, to the dollar (thousand NTD with three places).
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from cameras.reports import Service, batch_service, in_service_by_precinct_on
from core.roc import ROC_OFFSET

from .models import Batch, BatchKind, BillingRule, BillingStart, BudgetLine, add_months
from .reports import THOUSANDTHS, fiscal_year_table, money

ONE_DAY = datetime.timedelta(days=1)


def thousands(ntd: Decimal) -> Decimal:
    """Return an amount in NTD as thousand NTD to three places (the dollar), rounded half-up."""
    return (ntd / 1000).quantize(THOUSANDTHS, rounding=ROUND_HALF_UP)


def months_of(fiscal_year: int) -> list[tuple[datetime.date, datetime.date]]:
    """Return the first and last day of each month of a fiscal year (ROC)."""
    year = fiscal_year + ROC_OFFSET
    return [
        (datetime.date(year, month, 1),
         datetime.date(year, month, calendar.monthrange(year, month)[1]))
        for month in range(1, 13)
    ]  # fmt: skip


def runs(batch: Batch) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the first and last day a lease bills (None: not bounded on that side)."""
    first = batch.lease_start
    if first is None and batch.procured_roc_year:
        first = datetime.date(batch.procured_roc_year + ROC_OFFSET, 1, 1)
    return first, batch.end


@dataclass(frozen=True)
class Month:
    """What a lease bills in one month: the measure of its cameras, and the month's days."""

    measure: Service
    days: int  # by days: the month's days (the rate is for the whole month); whole months: 1


def billed(batch: Batch, first: datetime.date, last: datetime.date) -> Month | None:
    """Return what `batch` bills for the month from `first` to `last`, None if nothing."""
    start, end = runs(batch)
    installed_from = None
    if batch.billing_start == BillingStart.INSTALL and batch.term_months:
        # installed in this month or in the term's months before it
        installed_from = add_months(first, 1 - batch.term_months)
    if batch.billing_rule == BillingRule.DAYS:
        since = max(first, start) if start else first
        until = min(last, end) if end else last
        if since > until:
            return None
        return Month(Service(since, until + ONE_DAY, installed_from), (last - first).days + 1)
    if (start and start > last) or (end and end < last):
        return None
    return Month(Service(last, None, installed_from), 1)


@dataclass(frozen=True)
class LeaseYear:
    """A lease in one fiscal year: what the register says it costs, beside its budget."""

    batch: Batch
    months: int  # the months of the year it bills in
    camera_months: Decimal  # billed cameras × months (by days: a fraction, to 3 places)
    amount_ntd: Decimal | None  # None: the lease states no monthly rate
    budget: Decimal | None  # thousand NTD on the year's budget lines for it; None: no line

    @property
    def amount_thousand_ntd(self) -> Decimal | None:
        return None if self.amount_ntd is None else thousands(self.amount_ntd)

    @property
    def difference(self) -> Decimal | None:
        """The projection less the budget (thousand NTD): what the budget lacks (+) or spares."""
        if self.amount_ntd is None or self.budget is None:
            return None
        return self.amount_thousand_ntd - self.budget


def projection(fiscal_year: int) -> list[LeaseYear]:
    """Return every lease that bills in any part of `fiscal_year`, by code, with its billable
    camera-months and amount from the register (0 when nothing is billable). Three queries."""
    return projections([fiscal_year])[fiscal_year]


def projections(fiscal_years) -> dict[int, list[LeaseYear]]:
    """Return projection() for each of `fiscal_years`: three queries, however many years."""
    leases = list(Batch.objects.filter(kind=BatchKind.LEASE).order_by("code"))
    billing = {}  # (year, lease) -> what it bills in each month, for the leases that run
    for year in fiscal_years:
        months = months_of(year)
        year_first, year_last = months[0][0], months[-1][1]
        for batch in leases:
            start, end = runs(batch)
            if (start is None or start <= year_last) and (end is None or end >= year_first):
                billing[year, batch] = [billed(batch, first, last) for first, last in months]
    counts = batch_service(
        sorted({batch.pk for _y, batch in billing}),
        [month.measure for billed_months in billing.values() for month in billed_months if month],
    )
    budgets = {
        (year, pk): amount
        for year, pk, amount in BudgetLine.objects.filter(
            fiscal_year__in=fiscal_years, batch__in=[batch for _y, batch in billing]
        )
        .values_list("fiscal_year", "batch")
        .annotate(Sum("amount_thousand_ntd"))
        .order_by()
    }
    found = {year: [] for year in fiscal_years}
    for (year, batch), billed_months in billing.items():
        camera_months = sum(
            (Decimal(counts.get((batch.pk, month.measure), 0)) / month.days
             for month in billed_months if month),
            Decimal(0),
        )  # fmt: skip
        rate = batch.monthly_rate_ntd
        found[year].append(LeaseYear(
            batch=batch,
            months=sum(1 for month in billed_months if month),
            camera_months=camera_months.quantize(THOUSANDTHS, rounding=ROUND_HALF_UP),
            amount_ntd=None if rate is None else rate * camera_months,
            budget=money(budgets.get((year, batch.pk))),
        ))  # fmt: skip
    return found


@dataclass(frozen=True)
class Ending:
    """A lease that ends during a fiscal year: its last day, its cameras then by precinct."""

    batch: Batch
    on: datetime.date
    by_precinct: list[tuple[str, str, int]]  # (code, name, cameras in service that day)

    @property
    def cameras(self) -> int:
        return sum(n for _code, _name, n in self.by_precinct)


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year's page and CSV: its budget lines as typed, its leases projected, and the
    leases that end during it."""

    table: object  # leases.reports.FiscalYearTable
    leases: list[LeaseYear]
    ending: list[Ending]

    @property
    def projected_total(self) -> Decimal:
        """What the leases with a rate cost in the year, in thousand NTD."""
        return sum(
            (lease.amount_thousand_ntd for lease in self.leases if lease.amount_ntd is not None),
            Decimal("0.000"),
        )

    @property
    def budgeted(self) -> Decimal:
        """What the year's budget lines give the leases, in thousand NTD."""
        return sum((lease.budget for lease in self.leases if lease.budget is not None),
                   Decimal("0.000"))  # fmt: skip


def fiscal_year_report(fiscal_year: int) -> FiscalYear:
    """Return the year's budget lines, its leases' projected cost and the leases that end in
    it: the report the fiscal-year page and its CSV both show. Six queries."""
    leases = projection(fiscal_year)
    months = months_of(fiscal_year)
    ends = {lease.batch.pk: lease.batch.end for lease in leases
            if lease.batch.end and months[0][0] <= lease.batch.end <= months[-1][1]}  # fmt: skip
    by_precinct = in_service_by_precinct_on(ends)
    ending = [Ending(lease.batch, ends[lease.batch.pk], by_precinct[lease.batch.pk])
              for lease in leases if lease.batch.pk in ends]  # fmt: skip
    return FiscalYear(fiscal_year_table(fiscal_year), leases, ending)


@dataclass(frozen=True)
class YearCost:
    """One fiscal year of the multi-year table: what the leases cost by the register."""

    fiscal_year: int
    leases: int  # the leases that bill in it
    unpriced: int  # of them, those without a monthly rate (not in the amount)
    camera_months: Decimal
    amount_thousand_ntd: Decimal

    @property
    def cameras(self) -> Decimal:
        """The cameras under lease in an average month of the year."""
        return (self.camera_months / 12).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


FIRST_FISCAL_YEAR = 105  # the first lease (ROC 105)
YEARS_AHEAD = 5


def lease_years(today: datetime.date) -> list[YearCost]:
    """Return the leases' cost by the register for each fiscal year from ROC 105 to five years
    after this one: the multi-year table, its chart and its CSV. Three queries."""
    this = today.year - ROC_OFFSET
    years = list(range(FIRST_FISCAL_YEAR, this + YEARS_AHEAD + 1))
    found = []
    for year, leases in projections(years).items():
        priced = [lease for lease in leases if lease.amount_ntd is not None]
        found.append(YearCost(
            fiscal_year=year,
            leases=len(leases),
            unpriced=len(leases) - len(priced),
            camera_months=sum((lease.camera_months for lease in leases), Decimal("0.000")),
            amount_thousand_ntd=sum((lease.amount_thousand_ntd for lease in priced),
                                    Decimal("0.000")),
        ))  # fmt: skip
    return found
