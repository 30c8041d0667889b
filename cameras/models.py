"""Precincts, sites and the cameras that hang there."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import compass
from core.codes import CodeField, unique_ignoring_case
from core.history import ChangeSetRecord
from core.roc import format_roc
from core.versioning import VersionedModel

from .querysets import CameraQuerySet, SiteQuerySet


def after_today(day, today) -> str:
    """Say that a day lies after today: no camera is installed or retired in the future."""
    return _("%(day)s is after today (%(today)s): a camera is registered as it is.") % {
        "day": day.isoformat(), "today": today.isoformat(),
    }  # fmt: skip


class Precinct(models.Model):
    """A police precinct (分局); every site belongs to one."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    # Staff list precincts in the department's order (桃園, 中壢, 平鎮…), not by romanised code
    # (八德, 大溪, 大園…); an administrator sets it in the admin.
    position = models.PositiveSmallIntegerField(
        _("place in lists"), default=0,
        help_text=_("Pages and files list precincts by this number, then by code."),
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("precinct")
        verbose_name_plural = _("precincts")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The figures' new edition (cameras/signals.py) and the row commit together.
        with transaction.atomic():
            super().save(*args, **kwargs)


class Station(models.Model):
    """A police station (派出所) of a precinct; a site may belong to one."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    precinct = models.ForeignKey(
        Precinct, verbose_name=_("precinct"), on_delete=models.PROTECT, related_name="stations"
    )
    position = models.PositiveSmallIntegerField(
        _("place in lists"), default=0,
        help_text=_("Pages and files list a precinct's stations by this number, then by code."),
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("police station")
        verbose_name_plural = _("police stations")
        ordering = ["precinct__position", "precinct__code", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["precinct", "name"],
                name="station_name_unique_in_precinct",
                violation_error_message=_("The precinct has a station of this name already."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():  # with the figures' new edition, as a precinct's
            super().save(*args, **kwargs)


def coordinate(label, limit: int) -> models.DecimalField:
    """A WGS84 degree (latitude or longitude), to the micro-degree, between -limit and limit."""
    return models.DecimalField(
        label, max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(Decimal(-limit)), MaxValueValidator(Decimal(limit))],
    )  # fmt: skip


def coordinate_in_range(name: str, limit: int, message) -> models.CheckConstraint:
    """The database's own check of a coordinate's range (forms check it first)."""
    return models.CheckConstraint(
        name=f"site_{name}_in_range",
        violation_error_message=message,
        condition=Q(**{f"{name}__isnull": True})
        | Q(**{f"{name}__gte": -limit, f"{name}__lte": limit}),
    )


class SiteKind(models.TextChoices):
    INTERSECTION = "intersection", _("Intersection")
    ROAD_SECTION = "road_section", _("Road section")
    OTHER = "other", _("Other monitoring point")


class Site(VersionedModel):
    """A monitoring point (監控點): an intersection or other place where cameras hang."""

    code = CodeField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    precinct = models.ForeignKey(
        Precinct, verbose_name=_("precinct"), on_delete=models.PROTECT, related_name="sites"
    )
    # Optional: sites registered before stations were kept have none.
    station = models.ForeignKey(
        Station,
        verbose_name=_("police station"),
        on_delete=models.PROTECT,
        related_name="sites",
        null=True,
        blank=True,
        help_text=_("The police station (派出所) of its precinct the site belongs to."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=SiteKind.choices, default=SiteKind.INTERSECTION
    )
    latitude = coordinate(_("latitude"), 90)
    longitude = coordinate(_("longitude"), 180)

    objects = SiteQuerySet.as_manager()
    history = HistoricalRecords(bases=[ChangeSetRecord])

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["code"]
        constraints = [
            unique_ignoring_case(
                "code",
                "site_code_unique_ignoring_case",
                _("A site with this code exists already (codes are compared without case)."),
            ),
            coordinate_in_range("latitude", 90, _("Latitude must lie between -90 and 90.")),
            coordinate_in_range("longitude", 180, _("Longitude must lie between -180 and 180.")),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("cameras:site_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.station_id and self.precinct_id:
            station = Station.objects.filter(pk=self.station_id).first()
            if station is not None and station.precinct_id != self.precinct_id:
                raise ValidationError({"station": station_outside(station, self.precinct)})

    @property
    def unit(self) -> tuple:
        """Return (precinct id, station id): what a transfer of the site changes."""
        return (self.precinct_id, self.station_id)

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember the precinct and station the site was loaded with:
        signals.move_cameras_with_site() compares them after a save (the shape of NetBox's
        ipam Prefix and its signals)."""
        site = super().from_db(db, field_names, values)
        site._loaded_unit = (site.__dict__.get("precinct_id"), site.__dict__.get("station_id"))
        return site


def station_outside(station, precinct) -> str:
    """Say that a station is not one of the site's precinct."""
    return _("%(station)s is a station of %(its)s, not of %(precinct)s.") % {
        "station": station.name, "its": station.precinct.name, "precinct": precinct.name,
    }  # fmt: skip


class CameraStatus(models.TextChoices):
    IN_SERVICE = "in_service", _("In service")
    FAULTY = "faulty", _("Faulty")
    RETIRED = "retired", _("Retired")


class DataSource(models.TextChoices):
    SYNTHETIC = "synthetic", _("Synthetic demo record (not real data)")
    MANUAL = "manual", _("Entered by staff")
    IMPORT = "import", _("CSV import")


class Camera(VersionedModel):
    """One physical camera with an asset tag (攝影機)."""

    asset_tag = CodeField(_("asset tag"), max_length=40, unique=True)
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.PROTECT, related_name="cameras"
    )
    batch = models.ForeignKey(
        "leases.Batch", verbose_name=_("batch"), on_delete=models.PROTECT, related_name="cameras"
    )
    # The site's precinct, copied so that "cameras of a precinct" is one index range; Camera.save()
    # and a site's move (signals.py) keep it equal to site.precinct; bulk writers set it.
    precinct = models.ForeignKey(
        Precinct,
        verbose_name=_("precinct"),
        on_delete=models.PROTECT,
        related_name="cameras",
        editable=False,
    )
    # The site's station, copied as its precinct is (None: the site has no station).
    station = models.ForeignKey(
        Station,
        verbose_name=_("police station"),
        on_delete=models.PROTECT,
        related_name="cameras",
        null=True,
        blank=True,
        editable=False,
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
    # The day the camera counts from: its install day, or, when that is not known, the day it
    # is known to have been in service at latest (pages and files show that as
    # in_service_since_at_latest, and the install day as unknown, never as this day).
    installed_on = models.DateField(_("installed on"))
    install_day_unknown = models.BooleanField(
        _("install day unknown"),
        default=False,
        db_default=False,  # also for the rows the seed and the import write in SQL
        help_text=_(
            "The install day is not known: the day above is the day the camera is known to "
            "have been in service at latest, and figures count it only from then."
        ),
    )
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
    # What it faces now, like its status: no figure counts by direction, so a re-aimed camera
    # keeps no periods of it; its history says when and by whom it was changed.
    direction = models.CharField(
        _("direction"),
        max_length=3,
        choices=compass.CHOICES,
        blank=True,
        default="",
        db_default="",  # also for the rows the seed and the import write in SQL
        help_text=_("The compass point the camera faces (攝影方向); empty when not known."),
    )

    objects = CameraQuerySet.as_manager()
    # History is read by camera (id), day and user; indexes on the other keys would only slow
    # every recorded change (an import of 100,000 cameras writes 100,000 history rows).
    history = HistoricalRecords(
        bases=[ChangeSetRecord],
        no_db_index=["asset_tag", "site", "batch", "precinct", "station", "replaces"],
    )

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["asset_tag"]
        # A right beyond the model's own four; the roles (migration 0005) grant it.
        permissions = [("import_cameras", _("Can import cameras from a CSV file"))]
        constraints = [
            unique_ignoring_case(
                "asset_tag",
                "camera_asset_tag_unique_ignoring_case",
                _("A camera with this asset tag exists already (tags are compared without case)."),
            ),
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
            # The list's default order and its pages: an index-only scan (PostgreSQL INCLUDE).
            models.Index(fields=["asset_tag"], include=["id"], name="camera_tag_cover_idx"),
            models.Index(
                fields=["precinct", "is_lane", "asset_tag"],
                include=["id"],
                name="camera_precinct_lane_tag_idx",
            ),
            models.Index(fields=["batch", "asset_tag"], name="camera_batch_tag_idx"),
            models.Index(fields=["installed_on"], name="camera_installed_on_idx"),
            models.Index(  # the caveat beside a day's figures: the few counted from later
                fields=["installed_on"],
                name="camera_unknown_install_idx",
                condition=Q(install_day_unknown=True),
            ),  # fmt: skip
            models.Index(fields=["retired_on"], name="camera_retired_on_idx"),
            models.Index(fields=["status", "asset_tag"], name="camera_status_tag_idx"),
        ]

    def __str__(self):
        return self.asset_tag

    def clean(self):
        """The rules of days and replacements (汰換), in the app's forms and the admin alike
        (the import checks the same ones, cameras/imports):

        - no camera is installed or retired after today;
        - a replaced camera is retired, and stays retired;
        - a camera replaces one installed on or before its own install day;
        - no chain of replacements closes in a loop.
        """
        super().clean()
        errors = {}
        today = timezone.localdate()
        for name in ("installed_on", "retired_on"):
            day = getattr(self, name)
            if day and day > today:
                errors[name] = after_today(day, today)
        cameras = Camera._base_manager
        newer = cameras.filter(replaces_id=self.pk).first() if self.pk else None
        if newer is not None and self.status != CameraStatus.RETIRED:
            errors["status"] = _(
                "%(old)s was replaced by %(new)s: a replaced camera stays retired."
            ) % {"old": self.asset_tag, "new": newer.asset_tag}
        if self.replaces_id:
            errors.update(self._replacement_errors(cameras))
        if errors:
            raise ValidationError(errors)

    def _replacement_errors(self, cameras) -> dict:
        old = cameras.filter(pk=self.replaces_id).first()
        if old is None:
            return {}
        chain, current = [self.asset_tag, old.asset_tag], old
        while current.replaces_id and len(chain) < 1000:
            if self.pk and current.replaces_id == self.pk:
                return {"replaces": _(
                    "the replacements would close in a loop: %(chain)s; a camera cannot replace "
                    "one that replaces it."
                ) % {"chain": " → ".join([*chain, self.asset_tag])}}  # fmt: skip
            current = cameras.get(pk=current.replaces_id)
            chain.append(current.asset_tag)
        unchanged = self.pk and cameras.filter(pk=self.pk, replaces_id=self.replaces_id).exists()
        if not unchanged and old.status != CameraStatus.RETIRED:
            return {"replaces": _(
                "%(old)s is still in service, and a replaced camera is retired: use Replace on "
                "its page, which retires it, or retire it first."
            ) % {"old": old.asset_tag}}  # fmt: skip
        if self.installed_on and self.installed_on < old.installed_on:
            return {"installed_on": _(
                "%(day)s is before %(old)s, the camera it replaces, was installed (%(then)s)."
            ) % {"day": self.installed_on.isoformat(), "old": old.asset_tag,
                 "then": old.installed_on.isoformat()}}  # fmt: skip
        return {}

    def refusal_to_replace(self) -> str | None:
        """Say why this camera cannot be replaced now, or None: it is retired or replaced."""
        if self.status == CameraStatus.RETIRED:
            return _("Camera %(tag)s is retired already.") % {"tag": self}
        if Camera.objects.filter(replaces=self).exists():
            return _("Camera %(tag)s has been replaced already.") % {"tag": self}
        return None

    def save(self, *args, **kwargs):
        self.precinct_id, self.station_id = Site.objects.values_list(
            "precinct_id", "station_id"
        ).get(pk=self.site_id)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "precinct", "station", "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("cameras:camera_detail", args=[self.pk])


# The last day a state can hold to: a period still holding ends here (exclusive bounds).
FOREVER = datetime.date(9999, 12, 31)
# Before every site's first recorded precinct: a site has no install day.
ALWAYS = datetime.date(1, 1, 1)


class CameraState(models.Model):
    """What a camera is from one day until the next: one period of its state (cameras/states.py).

    A camera's periods follow each other without gaps from its install day; `valid_to` is the
    first day the period no longer holds (FOREVER while it still does). `changed` says which
    fields a recorded change set on `valid_from` (states.BITS): a change of one field holds
    until that field's next recorded change, whatever the other fields do. The precinct and
    station are the site's on those days: a period never spans a transfer of its site.
    """

    # No index of their own: the key (camera, valid_from) and the indexes below begin with
    # these columns, and every index is paid on each write of an import or a bulk edit.
    camera = models.ForeignKey(
        Camera, on_delete=models.CASCADE, related_name="states", db_index=False
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), default=FOREVER)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="camera_states", db_index=False
    )
    precinct = models.ForeignKey(
        Precinct, on_delete=models.PROTECT, related_name="camera_states", db_index=False
    )
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="camera_states", null=True,
        db_index=False,
    )  # fmt: skip
    batch = models.ForeignKey(
        "leases.Batch", on_delete=models.PROTECT, related_name="camera_states", db_index=False
    )
    is_lane = models.BooleanField()
    has_lpr = models.BooleanField()
    has_vehicle_attributes = models.BooleanField()
    has_trajectory = models.BooleanField()
    has_target_alert = models.BooleanField()
    resolution_mp = models.DecimalField(max_digits=5, decimal_places=1, null=True)
    changed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("camera state")
        ordering = ["camera", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["camera", "valid_from"], name="camera_state_key"),
            models.CheckConstraint(
                name="camera_state_not_empty", condition=Q(valid_to__gt=F("valid_from"))
            ),
        ]
        indexes = [
            # A day's list by precinct (or batch): an index range, then the camera.
            models.Index(fields=["precinct", "valid_from"], name="camera_state_precinct_idx"),
            models.Index(fields=["batch", "valid_from"], name="camera_state_batch_idx"),
            models.Index(fields=["site", "valid_from"], name="camera_state_site_idx"),
        ]

    def __str__(self):
        return f"{self.camera_id} {self.valid_from}–{self.valid_to}"


class SitePrecinct(models.Model):
    """Which precinct and station a site belongs to from one day until the next (precincts
    and their stations are redrawn)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="precinct_periods")
    valid_from = models.DateField(_("from"), default=ALWAYS)
    valid_to = models.DateField(_("until"), default=FOREVER)
    precinct = models.ForeignKey(Precinct, on_delete=models.PROTECT, related_name="site_periods")
    station = models.ForeignKey(
        Station, on_delete=models.PROTECT, related_name="site_periods", null=True
    )

    class Meta:
        verbose_name = _("site's precinct")
        ordering = ["site", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["site", "valid_from"], name="site_precinct_key"),
            models.CheckConstraint(
                name="site_precinct_not_empty", condition=Q(valid_to__gt=F("valid_from"))
            ),
        ]

    def __str__(self):
        return f"{self.site_id} {self.valid_from}–{self.valid_to}: {self.precinct_id}"


class BulkAction(models.TextChoices):
    STATUS = "status", _("Set the status")
    BATCH = "batch", _("Move to another batch")
    SITE = "site", _("Move to another site")
    RETIRE = "retire", _("Retire on a day")


class BulkEdit(models.Model):
    """One bulk edit of cameras (cameras/bulk.py): a change set of the history, with its reason."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, null=True
    )
    edited_at = models.DateTimeField(_("edited at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20, choices=BulkAction.choices)
    value = models.CharField(_("value"), max_length=200)
    reason = models.CharField(_("reason"), max_length=200)
    camera_count = models.PositiveIntegerField(_("cameras"))
    # The day a batch or site change took effect; a correction rewrote the cameras' past.
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    correction = models.BooleanField(_("correction"), default=False)

    class Meta:
        verbose_name = _("bulk edit")
        verbose_name_plural = _("bulk edits")
        ordering = ["-edited_at", "-pk"]

    def __str__(self):
        return self.history_reason()

    @property
    def change_set(self) -> str:
        """The key its history rows carry, which the camera list filters by."""
        return f"bulk-{self.pk}"

    def value_display(self) -> str:
        """The value as staff read it: a status's name, a day in ROC (kept as written)."""
        if self.action == BulkAction.STATUS and self.value in CameraStatus.values:
            return CameraStatus(self.value).label
        if self.action == BulkAction.RETIRE:
            try:
                return format_roc(datetime.date.fromisoformat(self.value))
            except ValueError:
                return self.value
        return self.value

    def history_reason(self) -> str:
        """The change reason of the history rows it writes (the field holds 100)."""
        return (_("bulk edit #%(id)s: %(reason)s") % {"id": self.pk, "reason": self.reason})[:100]


# A roll-up row's station: its id, 0 for sites without one. Not a foreign key: a key column of
# an upsert (ON CONFLICT) cannot be NULL, which SQLite and PostgreSQL 14 never find equal.
STATION_KEY = "the station's id; 0 for sites without one"


class CoverageRollup(models.Model):
    """Periods of cameras counted by precinct, station, batch, lane, LPR and days
    (cameras/rollup.py).

    Derived data, never edited by hand: coverage figures for any day are sums over these rows.
    A row counts the cameras whose state held, in service, from `valid_from` until the day
    before `valid_to`; `installed_on` measures their service life; `is_current` marks their
    latest state (what "registered" counts).
    """

    precinct = models.ForeignKey(Precinct, on_delete=models.CASCADE, related_name="coverage_rows")
    station = models.IntegerField(default=0, help_text=STATION_KEY)
    batch = models.ForeignKey(
        "leases.Batch", on_delete=models.CASCADE, related_name="coverage_rows"
    )
    is_lane = models.BooleanField()
    has_lpr = models.BooleanField()
    installed_on = models.DateField()
    valid_from = models.DateField()
    valid_to = models.DateField(help_text="9999-12-31 while the state holds in service")
    is_current = models.BooleanField()
    # No CHECK (count >= 0): an upsert that subtracts is checked before it meets its row.
    # Rows reaching 0 are deleted at once; tests compare the table with a live count.
    camera_count = models.IntegerField()

    class Meta:
        verbose_name = _("coverage roll-up row")
        ordering = ["precinct", "batch", "valid_from", "pk"]
        constraints = [
            models.UniqueConstraint(
                name="coverage_rollup_key",
                fields=[
                    "precinct", "station", "batch", "is_lane", "has_lpr", "installed_on",
                    "valid_from", "valid_to", "is_current",
                ],
            ),
        ]  # fmt: skip
        indexes = [  # "registered": the latest states, read without their table
            models.Index(
                name="coverage_rollup_current_idx", fields=["precinct", "batch"],
                include=["camera_count"], condition=Q(is_current=True),
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.precinct_id}/{self.batch_id}: {self.camera_count}"


class CoverageChange(models.Model):
    """How the cameras in service of a precinct's station and a batch change on a day
    (cameras/rollup.py).

    Derived data, like the roll-up it follows: each roll-up row adds its cameras on its first
    day and takes them away on the day it ends, summed here by precinct, station, batch and
    day. The month-by-month series (cameras/series.py) walks these few thousand days in order
    instead of reading every roll-up row twice.
    """

    precinct = models.ForeignKey(
        Precinct, on_delete=models.CASCADE, related_name="coverage_changes", db_index=False
    )  # the key's first column: its index serves the precinct's series
    station = models.IntegerField(default=0, help_text=STATION_KEY)
    batch = models.ForeignKey(
        "leases.Batch", on_delete=models.CASCADE, related_name="coverage_changes"
    )
    day = models.DateField()
    cameras = models.IntegerField()
    lane = models.IntegerField()
    lpr = models.IntegerField()
    lane_lpr = models.IntegerField()

    class Meta:
        verbose_name = _("coverage change")
        ordering = ["precinct", "batch", "day"]
        constraints = [
            models.UniqueConstraint(
                name="coverage_change_key", fields=["precinct", "station", "batch", "day"]
            ),
        ]

    def __str__(self):
        return f"{self.precinct_id}/{self.batch_id} {self.day}: {self.cameras:+}"


class FigureEdition(models.Model):
    """Which edition of the figures the register is at (cameras/editions.py).

    One row, given a new random token by every write of the roll-up, a batch or a precinct:
    figures worked out under one token stay true until the next, so a process may keep them.
    A token, not a counter: an emptied table and new writes never bring back an old one (after
    restoring a backup, clear a shared cache: the backup brings back its own token).
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("edition of the figures")

    def __str__(self):
        return self.token


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Checking and writing")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused: nothing was written")
    FAILED = "failed", _("Failed: nothing was written")


class ImportJob(models.Model):
    """A long import run by the background worker (cameras/imports/jobs.py), and what it did.

    Its progress while it runs is kept beside its file, outside the database: the import's
    transaction holds its writes until the end, and SQLite lets no other writer in meanwhile.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, null=True
    )
    file_name = models.CharField(_("file"), max_length=255)
    token = models.CharField(max_length=64, unique=True)  # its stored file and progress
    options = models.JSONField(default=dict)  # import_cameras()'s, as the upload form gave them
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices,
        default=ImportJobStatus.QUEUED,
    )  # fmt: skip
    rows_expected = models.PositiveIntegerField(default=0)  # from the file's size, at upload
    summary = models.JSONField(default=dict)  # rows, created, updated, unchanged, sites
    problems = models.JSONField(default=list)  # the first ones, as staff read them
    problem_count = models.PositiveIntegerField(default=0)
    change_set = models.CharField(max_length=20, blank=True)
    message = models.TextField(blank=True)  # why it failed

    class Meta:
        verbose_name = _("background import")
        verbose_name_plural = _("background imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({self.status})"

    def get_absolute_url(self):
        return reverse("cameras:import_job", args=[self.pk])


class ColumnMapping(models.Model):
    """A department's list's columns → the register's fields, saved under a name from the
    upload page: the next file with the same headers is read the same way (imports/mapping.py).
    Shared by everyone who imports: a department keeps one list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    headers = models.JSONField()  # the file's headers, in order
    columns = models.JSONField()  # {header: field}, the headers read
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.SET_NULL, null=True
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["-saved_at", "-pk"]

    def __str__(self):
        return self.name
