"""Django admin for administrators: every model, searchable, with coverage figures."""

import datetime

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Camera, Precinct, Site
from .reports import coverage_total, share_pct, with_coverage
from .roc import format_roc, parse_date

PLAN_DAY = datetime.date(2021, 7, 31)


def coverage_day(request) -> datetime.date:
    """Return the day chosen in the coverage filter, today in Asia/Taipei by default."""
    try:
        return parse_date(request.GET.get(CoverageDateFilter.parameter_name, ""))
    except ValueError:
        return timezone.localdate()


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
        return with_coverage(queryset, on=coverage_day(request), prefix=self.camera_path)


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


class PrecinctCoverageFilter(CoverageDateFilter):
    camera_path = "sites__cameras__"


@admin.register(Precinct)
class PrecinctAdmin(CoverageColumns, admin.ModelAdmin):
    list_display = ["code", "name", "cameras", "lane", "lpr", "lpr_pct", "lpr_of_lane_pct"]
    list_filter = [PrecinctCoverageFilter]
    search_fields = ["code", "name"]
    change_list_template = "admin/coverage_change_list.html"


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "precinct", "kind", "address", "camera_count"]
    list_filter = ["precinct", "kind"]
    list_select_related = ["precinct"]
    search_fields = ["code", "name", "address"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(camera_count=Count("cameras"))

    @admin.display(description=_("cameras in the register"), ordering="camera_count")
    def camera_count(self, obj):
        return obj.camera_count


@admin.register(Camera)
class CameraAdmin(admin.ModelAdmin):
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
    list_filter = ["status", "is_lane", "has_lpr", "batch", "site__precinct", "data_source"]
    list_select_related = ["site__precinct", "batch"]
    search_fields = ["asset_tag", "site__code", "site__name", "site__address"]
    raw_id_fields = ["site", "replaces"]
    list_per_page = 50  # as the staff camera list, so benchmarks compare the same page
    show_full_result_count = False
    readonly_fields = ["data_source"]

    @admin.display(description=_("precinct"), ordering="site__precinct__code")
    def precinct(self, obj):
        return obj.site.precinct
