"""Procurement batches (建置案 / 租賃案) and the budget lines that pay for them."""

import calendar
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.versioning import VersionedModel

from .choices import BatchKind, BillingRule, BillingStart, FundingSource, LeaseStatus
from .querysets import ENDING_SOON_DAYS, BatchQuerySet, BudgetLineQuerySet

__all__ = [
    "ENDING_SOON_DAYS", "Batch", "BatchKind", "BillingRule", "BillingStart", "BudgetLine",
    "FundingSource", "LeaseStatus", "Scenario", "add_months",
]  # fmt: skip


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the day `months` calendar months after `day` (the month's last day where it
    is shorter: 2024-01-31 + 1 = 2024-02-29). Hand-written: four lines, where dateutil's
    relativedelta would be a dependency for them."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


class Batch(VersionedModel):
    """A procurement that cameras came from: a self-built purchase or a yearly lease."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BatchKind.choices)
    procured_roc_year = models.PositiveSmallIntegerField(
        _("ROC year procured"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    contracted_count = models.PositiveIntegerField(
        _("contracted cameras"),
        null=True,
        blank=True,
        help_text=_("Cameras the contract provides for; empty when no contract states it."),
    )
    lease_start = models.DateField(_("lease start"), null=True, blank=True)
    lease_end = models.DateField(
        _("lease end"),
        null=True,
        blank=True,
        help_text=_("Empty when the end date is not known yet: a gap to fill, never a guess."),
    )
    # the lease's end its start and term give, when no end is stated (save() keeps it)
    lease_end_computed = models.DateField(_("lease end (computed)"), null=True, editable=False)
    service_life_years = models.PositiveSmallIntegerField(
        _("service life (years)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    monthly_rate_ntd = models.DecimalField(
        _("monthly rate per camera (NTD)"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("What the lease costs a camera a month, exact to a ten-thousandth."),
    )
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    billing_start = models.CharField(
        _("billing start"), max_length=10, choices=BillingStart.choices,
        default=BillingStart.LEASE,
    )  # fmt: skip
    billing_rule = models.CharField(
        _("billing rule"), max_length=10, choices=BillingRule.choices, default=BillingRule.MONTHS,
        help_text=_("Whole months: a camera is billed for a month when it is in service on "
                    "the month's last day. By days: for its days in service, pro-rated."),
    )  # fmt: skip
    funding_source = models.CharField(
        _("default funding source"), max_length=30, choices=FundingSource.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = BatchQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="batch_lease_dates_only_on_leases",
                violation_error_message=_("Only a lease has lease dates."),
                condition=Q(kind=BatchKind.LEASE)
                | Q(lease_start__isnull=True, lease_end__isnull=True),
            ),
            models.CheckConstraint(
                name="batch_lease_ends_after_it_starts",
                violation_error_message=_("A lease must end after it starts."),
                condition=Q(lease_start__isnull=True)
                | Q(lease_end__isnull=True)
                | Q(lease_end__gt=F("lease_start")),
            ),
            models.CheckConstraint(
                name="batch_service_life_positive",
                condition=Q(service_life_years__isnull=True) | Q(service_life_years__gte=1),
            ),
            models.CheckConstraint(name="batch_kind_valid", condition=Q(kind__in=BatchKind.values)),
            models.CheckConstraint(
                name="batch_lease_terms_only_on_leases",
                violation_error_message=_("Only a lease has a monthly rate and a term."),
                condition=Q(kind=BatchKind.LEASE)
                | Q(monthly_rate_ntd__isnull=True, term_months__isnull=True),
            ),
            models.CheckConstraint(
                name="batch_monthly_rate_not_negative",
                condition=Q(monthly_rate_ntd__isnull=True) | Q(monthly_rate_ntd__gte=0),
            ),
            models.CheckConstraint(
                name="batch_term_positive",
                condition=Q(term_months__isnull=True) | Q(term_months__gte=1),
            ),
            models.CheckConstraint(
                name="batch_billing_start_valid",
                condition=Q(billing_start__in=BillingStart.values),
            ),
            models.CheckConstraint(
                name="batch_billing_rule_valid", condition=Q(billing_rule__in=BillingRule.values)
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("leases:batch_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        self.lease_end_computed = self.computed_end()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "lease_end_computed"}
        super().save(*args, **kwargs)

    def computed_end(self) -> datetime.date | None:
        """Return the last day of the lease its start and term give, when it states no end:
        shown as computed, never as stated. A lease that bills each camera from its install
        day has a term per camera, not an end."""
        if self.lease_end is not None or self.lease_start is None or not self.term_months:
            return None
        if self.billing_start == BillingStart.INSTALL:
            return None
        return add_months(self.lease_start, self.term_months) - datetime.timedelta(days=1)

    @property
    def end(self) -> datetime.date | None:
        """The lease's last day: the one stated, else the one computed from its term."""
        return self.lease_end or self.lease_end_computed

    @property
    def is_lease(self) -> bool:
        return self.kind == BatchKind.LEASE

    def days_left(self, on: datetime.date) -> int | None:
        """Return the days from `on` to the lease's end (negative once it has ended), or None."""
        return None if self.end is None else (self.end - on).days


class BudgetLine(VersionedModel):
    """One fiscal year's amount for a batch, or for a contract that is not a batch."""

    batch = models.ForeignKey(
        Batch,
        verbose_name=_("batch"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
        null=True,
        blank=True,
    )
    contract = models.CharField(
        _("contract"),
        max_length=200,
        blank=True,
        help_text=_("For spending that is not a batch, e.g. the maintenance contract."),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (ROC)"), validators=[MinValueValidator(1)]
    )
    amount_thousand_ntd = models.DecimalField(
        _("amount (thousand NTD)"),
        max_digits=14,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )
    funding_source = models.CharField(
        _("funding source"), max_length=30, choices=FundingSource.choices
    )
    purpose = models.TextField(_("purpose"), blank=True)

    objects = BudgetLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        # The batches' lines by code, then the contracts' (no batch) in the order entered: the
        # same on SQLite and PostgreSQL, which put NULLs first and last, and sort names apart.
        ordering = ["fiscal_year", models.F("batch__code").asc(nulls_last=True), "pk"]
        constraints = [
            models.CheckConstraint(
                name="budget_line_amount_not_negative",
                condition=Q(amount_thousand_ntd__gte=0),
            ),
            models.CheckConstraint(
                name="budget_line_for_a_batch_or_a_contract",
                violation_error_message=_(
                    "A budget line is for a batch or for a contract, not both and not neither."
                ),
                condition=(Q(batch__isnull=False) & Q(contract=""))
                | (Q(batch__isnull=True) & ~Q(contract="")),
            ),
            models.CheckConstraint(
                name="budget_line_fiscal_year_positive", condition=Q(fiscal_year__gte=1)
            ),
            models.UniqueConstraint(
                name="budget_line_unique_per_batch_year_source",
                fields=["batch", "fiscal_year", "funding_source"],
                condition=Q(batch__isnull=False),
            ),
            models.UniqueConstraint(
                name="budget_line_unique_per_contract_year_source",
                fields=["contract", "fiscal_year", "funding_source"],
                condition=Q(batch__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.fiscal_year} {self.payee}: {self.amount_thousand_ntd}"

    @property
    def payee(self) -> str:
        """Return the batch code or the contract name the line pays for."""
        return self.batch.code if self.batch_id else self.contract


class Scenario(VersionedModel):
    """A plan to replace cameras with a new lease (the replacement planner): which cameras,
    at what monthly rate, from which month, for how many months. Turned into a lease batch
    with its terms once approved."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    batches = models.ManyToManyField(
        Batch, verbose_name=_("batches replaced"), related_name="scenarios", blank=True,
        help_text=_("The batches whose cameras in service it replaces."),
    )  # fmt: skip
    precincts = models.ManyToManyField(
        "cameras.Precinct", verbose_name=_("precincts"), related_name="scenarios", blank=True,
        help_text=_("Only their cameras; none chosen: every precinct."),
    )  # fmt: skip
    camera_count = models.PositiveIntegerField(
        _("cameras"), null=True, blank=True,
        help_text=_("The number of cameras, when stated rather than counted from the register."),
    )  # fmt: skip
    monthly_rate_ntd = models.DecimalField(
        _("monthly rate per camera (NTD)"), max_digits=12, decimal_places=4,
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    start = models.DateField(_("first month"), help_text=_("The first month the lease bills."))
    term_months = models.PositiveSmallIntegerField(
        _("term (months)"), validators=[MinValueValidator(1)]
    )
    approved_batch = models.OneToOneField(
        Batch, verbose_name=_("approved as"), on_delete=models.PROTECT, null=True, blank=True,
        editable=False, related_name="approved_scenario",
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("replacement scenario")
        verbose_name_plural = _("replacement scenarios")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                name="scenario_rate_not_negative", condition=Q(monthly_rate_ntd__gte=0)
            ),
            models.CheckConstraint(name="scenario_term_positive", condition=Q(term_months__gte=1)),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.start.day != 1:  # a lease bills by the month
            raise ValidationError({"start": _("A scenario starts on the first day of a month.")})

    def get_absolute_url(self):
        return reverse("leases:scenario_detail", args=[self.pk])

    @property
    def last_month(self) -> datetime.date:
        """The first day of the last month the lease bills."""
        return add_months(self.start, self.term_months - 1)
