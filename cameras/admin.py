"""Django admin for administrators: every model, searchable, with coverage figures."""

import datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import VersionedAdminForm
from .models import Camera, ExportRecord, ImportRecord, Precinct, Site
from .reports import coverage_total, share_pct, with_coverage
from .roc import format_roc, parse_date
from .roles import is_administrator

PLAN_DAY = datetime.date(2021, 7, 31)


def _administrators_only(request) -> bool:
    """The Django admin is for the 管理者 role (and superusers); other roles use the app."""
    return is_administrator(request.user)


admin.site.has_permission = _administrators_only


def coverage_day(request) -> datetime.date:
    """Return the day chosen in the coverage filter, today in Asia/Taipei by default."""
    try:
        return parse_date(request.GET.get(CoverageDateFilter.parameter_name, ""))
    except ValueError:
        return timezone.localdate()


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows a row's change history; never reverts a row to an old version; refuses stale edits.

    The history is evidence: a correction is a new, attributed edit. (The revert button is also
    hidden by SIMPLE_HISTORY_REVERT_DISABLED; this refuses the POST itself.) Every model edited
    here carries a version, checked as in the app's own forms.
    """

    form = VersionedAdminForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class CoverageDateFilter(admin.SimpleListFilter):
    """Chooses the day the coverage columns count; it narrows nothing."""

    title = _("coverage on")
    parameter_name = "coverage_on"

    def lookups(self, request, model_admin):
        return [
            (
                PLAN_DAY.isoformat(),
                _("%(day)s (the plan's figures)") % {"day": format_roc(PLAN_DAY)},
            ),
            ("2022-12-31", format_roc(datetime.date(2022, 12, 31))),
        ]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("Today")
        return choices

    def queryset(self, request, queryset):
        return with_coverage(queryset, on=coverage_day(request))


class CoverageColumns:
    """Read-only coverage columns for a changelist annotated by a CoverageDateFilter."""

    @admin.display(description=_("cameras"), ordering="cameras_count")
    def cameras(self, obj):
        return obj.cameras_count

    @admin.display(description=_("lane"), ordering="lane_count")
    def lane(self, obj):
        return obj.lane_count

    @admin.display(description=_("LPR"), ordering="lpr_count")
    def lpr(self, obj):
        return obj.lpr_count

    @admin.display(description=_("LPR share of all"))
    def lpr_pct(self, obj):
        return _pct(share_pct(obj.lpr_count, obj.cameras_count))

    @admin.display(description=_("LPR share of lane"))
    def lpr_of_lane_pct(self, obj):
        return _pct(share_pct(obj.lane_lpr_count, obj.lane_count))

    def changelist_view(self, request, extra_context=None):
        day = coverage_day(request)
        extra_context = {
            **(extra_context or {}),
            "coverage_day": day,
            "coverage_day_roc": format_roc(day),
            "coverage_total": coverage_total(on=day),
        }
        return super().changelist_view(request, extra_context)


def _pct(value):
    return "—" if value is None else f"{value} %"


@admin.register(Precinct)
class PrecinctAdmin(CoverageColumns, admin.ModelAdmin):
    list_display = ["code", "name", "cameras", "lane", "lpr", "lpr_pct", "lpr_of_lane_pct"]
    list_filter = [CoverageDateFilter]
    search_fields = ["code", "name"]
    change_list_template = "admin/coverage_change_list.html"


@admin.register(Site)
class SiteAdmin(HistoryAdmin):
    list_display = ["code", "name", "precinct", "kind", "address", "camera_count"]
    list_filter = ["precinct", "kind"]
    list_select_related = ["precinct"]
    search_fields = ["code", "name", "address"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_camera_count()

    @admin.display(description=_("cameras in the register"), ordering="camera_count")
    def camera_count(self, obj):
        return obj.camera_count


@admin.register(Camera)
class CameraAdmin(HistoryAdmin):
    list_display = [
        "asset_tag",
        "site",
        "precinct",
        "batch",
        "is_lane",
        "has_lpr",
        "installed_on",
        "retired_on",
        "status",
    ]
    list_filter = ["status", "is_lane", "has_lpr", "batch", "precinct", "data_source"]
    list_select_related = ["site", "precinct", "batch"]
    search_fields = ["asset_tag", "site__code", "site__name", "site__address"]
    raw_id_fields = ["site", "replaces"]
    list_per_page = 50  # as the staff camera list, so benchmarks compare the same page
    show_full_result_count = False
    readonly_fields = ["data_source"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit records are evidence: nobody edits or deletes them, not even here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportRecord)
class ImportRecordAdmin(ReadOnlyAdmin):
    list_display = ["imported_at", "user", "file_name", "sha256", "row_count", "created_count",
                    "updated_count"]  # fmt: skip
    list_select_related = ["user"]
    search_fields = ["file_name", "sha256", "user__username"]


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "user", "file_name", "query", "row_count", "finished_at"]
    list_select_related = ["user"]
    search_fields = ["file_name", "query", "user__username"]
