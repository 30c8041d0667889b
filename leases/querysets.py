"""Queries over batches and budget lines."""

import datetime

from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce


class BatchQuerySet(models.QuerySet):
    def with_camera_counts(self):
        """Annotate every batch with the cameras it has in the register, retired ones included.

        Summed from the coverage roll-up: a handful of rows per batch, not its cameras.
        """
        return self.annotate(registered_count=Coalesce(Sum("coverage_rows__camera_count"), 0))

    def leases_ending(self, *, on: datetime.date, within_days: int):
        """Return the leases that end on or after `on` and within `within_days` of it."""
        return self.filter(
            kind="lease",
            lease_end__gte=on,
            lease_end__lte=on + datetime.timedelta(days=within_days),
        )

    def leases_ended(self, *, on: datetime.date):
        """Return the leases whose end date lies before `on`."""
        return self.filter(Q(kind="lease") & Q(lease_end__lt=on))


class BudgetLineQuerySet(models.QuerySet):
    def for_fiscal_year(self, year: int):
        return self.filter(fiscal_year=year)
