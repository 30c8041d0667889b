"""The camera's columns, declared once: the list page, both CSV paths and the import read them.

The camera CSV is a published contract: keep the names and the order; add columns at the end.
The required columns are the contract's first nine; the camera list page shows them, in this
order, and the admin lists them. Each column's cell kind (core.cells) writes its value on the
portable path and in SQL for COPY, and reads it back in the import.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, F, Q, When
from django.utils.translation import gettext_lazy as _

from core.cells import Bool, Choice, Code, Count, Date, Direction, Number, RocDate, Text

from .models import Camera, CameraStatus, DataSource, Site

# How the import uses a column.
WRITTEN = "written"  # the camera's own value: set when present, else kept (or the default)
CHECKED = "checked"  # must agree with the register or another column
FOR_NEW_SITE = "for_new_site"  # read only to create a site the register does not have
NOT_READ = "not_read"  # for people


@dataclass(frozen=True)
class Column:
    name: str  # the header
    lookup: str  # the value, from a Camera queryset
    cell: object  # its kind, from core.cells
    label: str = ""  # the list page's header, for the listed columns
    sort: str = ""  # the order when the list is sorted by this column (?sort=<name>)
    required: bool = False  # the import refuses a file without it; the list shows it
    blank: bool = False  # the import takes an empty cell
    reads: str = WRITTEN


# The export's names of the install day as files show it: the day, or empty when unknown; and
# the day an unknown one is counted from (with_export_days() adds them to a queryset).
KNOWN_INSTALL_DAY = "known_installed_on"
IN_SERVICE_SINCE = "in_service_since_at_latest"


def with_export_days(cameras):
    """Add the install day as the files show it (KNOWN_INSTALL_DAY, IN_SERVICE_SINCE)."""
    unknown = Q(install_day_unknown=True)
    return cameras.annotate(**{
        KNOWN_INSTALL_DAY: Case(When(unknown, then=None), default=F("installed_on")),
        IN_SERVICE_SINCE: Case(When(unknown, then=F("installed_on")), default=None),
    })  # fmt: skip


# The register's own limits: a value the database would refuse is refused at its cell.
camera, site = Camera._meta.get_field, Site._meta.get_field

CAMERA_COLUMNS = (
    Column("asset_tag", "asset_tag", Code.like(camera("asset_tag")), _("Asset tag"), "asset_tag",
           required=True),
    Column("site", "site__code", Code.like(site("code")), _("Site"), "site__code", required=True),
    Column("precinct", "site__precinct__code", Code(), _("Precinct"), "precinct__position",
           required=True, blank=True, reads=CHECKED),  # sorted in the department's order
    Column("batch", "batch__code", Code(), _("Batch"), "batch__code", required=True),
    Column("is_lane", "is_lane", Bool(), _("Lane"), required=True),
    Column("has_lpr", "has_lpr", Bool(), _("LPR"), required=True),
    Column("installed_on", KNOWN_INSTALL_DAY, Date(), _("Installed on"), "installed_on",
           required=True, blank=True),  # empty: unknown (in_service_since_at_latest then)
    Column("retired_on", "retired_on", Date(), _("Retired on"), "retired_on", required=True,
           blank=True),
    Column("status", "status", Choice(CameraStatus), _("Status"), "status", required=True),
    Column("site_name", "site__name", Text.like(site("name")), blank=True, reads=FOR_NEW_SITE),
    Column("batch_name", "batch__name", Text(), reads=NOT_READ),
    Column("latitude", "site__latitude", Number.like(site("latitude")), blank=True,
           reads=FOR_NEW_SITE),
    Column("longitude", "site__longitude", Number.like(site("longitude")), blank=True,
           reads=FOR_NEW_SITE),
    Column("has_vehicle_attributes", "has_vehicle_attributes", Bool()),
    Column("has_trajectory", "has_trajectory", Bool()),
    Column("has_target_alert", "has_target_alert", Bool()),
    Column("resolution_mp", "resolution_mp", Number.like(camera("resolution_mp")), blank=True),
    Column("replaces", "replaces__asset_tag", Code(), blank=True),
    Column("installed_on_roc", KNOWN_INSTALL_DAY, RocDate(), blank=True, reads=CHECKED),
    Column("retired_on_roc", "retired_on", RocDate(), blank=True, reads=CHECKED),
    Column("data_source", "data_source", Choice(DataSource), blank=True),
    Column("precinct_name", "site__precinct__name", Text(), reads=NOT_READ),
    # The camera's version when the file was taken: an import refuses a row the register has
    # changed since (no save overwrites a newer one); a new camera keeps it.
    Column("version", "version", Count(), blank=True, reads=CHECKED),
    Column("direction", "direction", Direction(), blank=True),  # empty: not known
    # The site's police station (派出所), as its precinct: empty for a site without one.
    Column("station", "site__station__code", Code(), blank=True, reads=CHECKED),
    Column("station_name", "site__station__name", Text(), reads=NOT_READ),
    # A camera whose install day is not known: the day it was in service at latest, which it
    # counts from (installed_on is empty then); read when installed_on is empty.
    Column("in_service_since_at_latest", IN_SERVICE_SINCE, Date(), blank=True, reads=CHECKED),
)  # fmt: skip
# Read by the import, never exported: the day a row's changes took effect (it wins over the
# import's own day), so that one file can carry years of changes.
# `twd97_x`/`twd97_y`: a new site's place in TWD97 TM2 metres (EPSG:3826), as departments' lists
# give it, instead of `latitude`/`longitude` (the site keeps degrees).
METRES = Number(places=3, low=Decimal(-10_000_000), high=Decimal(10_000_000))
IMPORT_ONLY = (
    Column("effective_on", "", Date(), blank=True, reads=CHECKED),
    Column("twd97_x", "", METRES, blank=True, reads=FOR_NEW_SITE),
    Column("twd97_y", "", METRES, blank=True, reads=FOR_NEW_SITE),
    # a new site's address, as a list without site codes gives it (imports/mapping.py)
    Column("site_address", "", Text.like(site("address")), blank=True, reads=FOR_NEW_SITE),
)
BY_NAME = {column.name: column for column in (*CAMERA_COLUMNS, *IMPORT_ONLY)}
HEADER = tuple(column.name for column in CAMERA_COLUMNS)
# The contract's columns: an import needs them, the list page and the admin show them.
LISTED = tuple(column for column in CAMERA_COLUMNS if column.required)
REQUIRED = tuple(column.name for column in LISTED)
SORTS = [(column.sort, column.name) for column in CAMERA_COLUMNS if column.sort]
