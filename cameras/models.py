"""Precincts, sites and the cameras that hang there."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import CameraQuerySet


class Precinct(models.Model):
    """A police precinct (分局); every site belongs to one."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("precinct")
        verbose_name_plural = _("precincts")
        ordering = ["code"]

    def __str__(self):
        return self.name


class SiteKind(models.TextChoices):
    INTERSECTION = "intersection", _("Intersection")
    ROAD_SECTION = "road_section", _("Road section")
    OTHER = "other", _("Other monitoring point")


class Site(models.Model):
    """A monitoring point (監控點): an intersection or other place where cameras hang."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    precinct = models.ForeignKey(
        Precinct, verbose_name=_("precinct"), on_delete=models.PROTECT, related_name="sites"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SiteKind.choices, default=SiteKind.INTERSECTION
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="site_latitude_in_range",
                violation_error_message=_("Latitude must lie between -90 and 90."),
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            ),
            models.CheckConstraint(
                name="site_longitude_in_range",
                violation_error_message=_("Longitude must lie between -180 and 180."),
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("cameras:site_detail", args=[self.pk])


class CameraStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    FAULTY = "faulty", _("Faulty")
    RETIRED = "retired", _("Retired")


class DataSource(models.TextChoices):
    SYNTHETIC = "synthetic", _("Synthetic demo record (not real data)")
    MANUAL = "manual", _("Entered by staff")
    IMPORT = "import", _("CSV import")


class Camera(models.Model):
    """One physical camera with an asset tag (攝影機)."""

    asset_tag = models.CharField(_("asset tag"), max_length=40, unique=True)
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="cameras"
    )
    batch = models.ForeignKey(
        "leases.Batch", verbose_name=_("batch"), on_delete=models.PROTECT, related_name="cameras"
    )
    is_lane = models.BooleanField(_("lane camera"), default=False)
    has_lpr = models.BooleanField(_("plate recognition (LPR)"), default=False)
    has_vehicle_attributes = models.BooleanField(_("vehicle type and colour"), default=False)
    has_trajectory = models.BooleanField(_("trajectory search"), default=False)
    has_target_alert = models.BooleanField(_("real-time target alert"), default=False)
    resolution_mp = models.DecimalField(
        _("resolution (megapixels)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    installed_on = models.DateField(_("installed on"))
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CameraStatus.choices, default=CameraStatus.IN_SERVICE
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text=_("The old camera this one took the place of (汰換)."),
    )
    data_source = models.CharField(
        _("data source"), max_length=20, choices=DataSource.choices, default=DataSource.MANUAL
    )

    objects = CameraQuerySet.as_manager()

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["asset_tag"]
        constraints = [
            models.CheckConstraint(
                name="camera_retired_on_or_after_installed",
                violation_error_message=_("A camera cannot be retired before it was installed."),
                condition=Q(retired_on__isnull=True) | Q(retired_on__gte=F("installed_on")),
            ),
            models.CheckConstraint(
                name="camera_retired_status_matches_date",
                violation_error_message=_(
                    "A retired camera needs a retirement date, and only a retired camera has one."
                ),
                condition=Q(status=CameraStatus.RETIRED, retired_on__isnull=False)
                | (~Q(status=CameraStatus.RETIRED) & Q(retired_on__isnull=True)),
            ),
            models.CheckConstraint(
                name="camera_does_not_replace_itself",
                violation_error_message=_("A camera cannot replace itself."),
                condition=Q(replaces__isnull=True) | ~Q(replaces=F("pk")),
            ),
            models.CheckConstraint(
                name="camera_resolution_not_negative",
                condition=Q(resolution_mp__isnull=True) | Q(resolution_mp__gte=0),
            ),
            models.CheckConstraint(
                name="camera_status_valid", condition=Q(status__in=CameraStatus.values)
            ),
        ]
        indexes = [
            models.Index(fields=["installed_on"], name="camera_installed_on_idx"),
            models.Index(fields=["retired_on"], name="camera_retired_on_idx"),
            models.Index(fields=["status", "asset_tag"], name="camera_status_tag_idx"),
        ]

    def __str__(self):
        return self.asset_tag

    def get_absolute_url(self):
        return reverse("cameras:camera_detail", args=[self.pk])
