"""Queries over batches and budget lines, and the lease rules, each stated once in SQL."""

import datetime

from django.db import models
from django.db.models import Case, CharField, Q, Value, When

from core.roc import ROC_OFFSET

from .choices import BatchKind, LeaseStatus

# A lease that ends within this many days (from the day asked about) is ending soon.
ENDING_SOON_DAYS = 180


def _end_q(prefix: str, lookup: str, value) -> Q:
    """Return the condition for a lease's end meeting `lookup`: the end it states, else the
    one its start and term give (Batch.lease_end_computed)."""
    return Q(**{f"{prefix}lease_end__{lookup}": value}) | Q(
        **{f"{prefix}lease_end__isnull": True, f"{prefix}lease_end_computed__{lookup}": value}
    )


def lease_ended_q(on: datetime.date, prefix: str = "") -> Q:
    """Return the condition for a lease that ended before day `on` (its end day is past).

    `prefix` reaches the batch through a relation, e.g. "batch__" from a camera.
    """
    return Q(**{f"{prefix}kind": BatchKind.LEASE}) & _end_q(prefix, "lt", on)


def lease_ending_q(on: datetime.date, prefix: str = "") -> Q:
    """Return the condition for a lease that ends on `on` or within ENDING_SOON_DAYS of it."""
    last = on + datetime.timedelta(days=ENDING_SOON_DAYS)
    return Q(**{f"{prefix}kind": BatchKind.LEASE}) & _end_q(prefix, "range", (on, last))


def lease_end_unknown_q(prefix: str = "") -> Q:
    """Return the condition for a lease whose end the register does not know: a gap to fill."""
    return Q(
        **{f"{prefix}kind": BatchKind.LEASE, f"{prefix}lease_end__isnull": True,
           f"{prefix}lease_end_computed__isnull": True}
    )  # fmt: skip


def procured_by_q(on: datetime.date) -> Q:
    """Return the condition for a batch that exists on day `on`: from its lease's start, else
    from 1 January of the ROC year it was procured in; one with neither, always."""
    return (
        Q(lease_start__lte=on)
        | Q(lease_start__isnull=True, procured_roc_year__lte=on.year - ROC_OFFSET)
        | Q(lease_start__isnull=True, procured_roc_year__isnull=True)
    )


def lease_status(on: datetime.date, prefix: str = "") -> Case:
    """Return the LeaseStatus of a batch on day `on` as an SQL expression ("" if no lease)."""
    return Case(
        When(lease_end_unknown_q(prefix), then=Value(LeaseStatus.END_UNKNOWN)),
        When(lease_ended_q(on, prefix), then=Value(LeaseStatus.ENDED)),
        When(lease_ending_q(on, prefix), then=Value(LeaseStatus.ENDING_SOON)),
        When(Q(**{f"{prefix}kind": BatchKind.LEASE}), then=Value(LeaseStatus.ACTIVE)),
        default=Value(""),
        output_field=CharField(),
    )


class BatchQuerySet(models.QuerySet):
    def with_lease_status(self, *, on: datetime.date):
        """Annotate lease_status: where each lease stands on day `on` (LeaseStatus)."""
        return self.annotate(lease_status=lease_status(on))

    def procured_by(self, *, on: datetime.date):
        """Return the batches that exist on `on`: a day's alerts name no batch not yet bought."""
        return self.filter(procured_by_q(on))

    def leases_ending(self, *, on: datetime.date):
        """Return the leases that end on `on` or within ENDING_SOON_DAYS of it."""
        return self.filter(lease_ending_q(on))

    def leases_ended(self, *, on: datetime.date):
        """Return the leases whose end day lies before `on`."""
        return self.filter(lease_ended_q(on))

    def leases_without_end(self):
        """Return the leases whose end day the register does not know."""
        return self.filter(lease_end_unknown_q())


class BudgetLineQuerySet(models.QuerySet):
    def for_fiscal_year(self, year: int):
        return self.filter(fiscal_year=year)
