"""The choices of batches and budget lines, apart so that models and querysets share them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchKind(models.TextChoices):
    SELF_BUILT = "self_built", _("Self-built")
    LEASE = "lease", _("Lease")
    # The plan counts 3,314 cameras it attributes to no batch; they are kept visible, not hidden.
    UNATTRIBUTED = "unattributed", _("Unattributed")


class FundingSource(models.TextChoices):
    CITY_BUDGET = "city_budget", _("City budget (市預算)")
    CENTRAL_SUBSIDY = "central_subsidy", _("Central general subsidy (中央對地方一般性補助款)")
    LOTTERY = "lottery", _("Public welfare lottery budget (公彩預算)")
    OTHER = "other", _("Other")


class LeaseStatus(models.TextChoices):
    """Where a lease stands on a day (BatchQuerySet.with_lease_status); "" for other batches."""

    ENDED = "ended", _("ended")
    ENDING_SOON = "ending_soon", _("ending soon")
    ACTIVE = "active", _("active")
    END_UNKNOWN = "end_unknown", _("end date unknown")


class BillingStart(models.TextChoices):
    """From when a lease bills a camera: the lease's start, or the camera's own install day
    (then each camera is billed for the lease's term from the month it was installed)."""

    LEASE = "lease", _("the lease's start")
    INSTALL = "install", _("each camera's install day")


class BillingRule(models.TextChoices):
    """How a lease bills a camera in a month (leases/billing.py)."""

    # billed for the month when in service on its last day (faulty or not)
    MONTHS = "months", _("whole calendar months")
    DAYS = "days", _("by days, pro-rated")
