"""Django admin for administrators: precincts and stations with their figures, sites, cameras."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.adminsite import FiguresAdmin, HistoryAdmin
from core.templatetags.register import shown

from .columns import LISTED
from .models import Camera, Precinct, Site, Station
from .reports import CoverageFigures


@admin.register(Precinct)
class PrecinctAdmin(FiguresAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "position"]
    list_editable = ["position"]  # the department's order, set in one screen
    search_fields = ["code", "name"]
    figures = CoverageFigures("by_precinct")


@admin.register(Station)
class StationAdmin(FiguresAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "precinct", "position"]
    list_editable = ["position"]
    list_filter = ["precinct"]
    list_select_related = ["precinct"]
    search_fields = ["code", "name"]
    figures = CoverageFigures("by_station")

    def get_readonly_fields(self, request, obj=None):
        """A station stays in its precinct: its sites' periods and figures name both (a
        station of another precinct is a new station)."""
        return ["precinct"] if obj is not None else []


@admin.register(Site)
class SiteAdmin(HistoryAdmin):
    list_display = ["code", "name", "precinct", "station", "kind", "address", "camera_count"]
    list_filter = ["precinct", "station", "kind"]
    list_select_related = ["precinct", "station"]
    search_fields = ["code", "name", "address"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_camera_count()

    @admin.display(description=_("cameras in the register"), ordering="camera_count")
    def camera_count(self, obj):
        return shown(obj.camera_count)


@admin.register(Camera)
class CameraAdmin(HistoryAdmin):
    list_display = [column.name for column in LISTED]
    list_filter = ["status", "is_lane", "has_lpr", "batch", "precinct", "data_source"]
    list_select_related = ["site", "precinct", "batch"]
    search_fields = ["asset_tag", "site__code", "site__name", "site__address"]
    raw_id_fields = ["site", "replaces"]
    list_per_page = 50  # as the staff camera list, so benchmarks compare the same page
    show_full_result_count = False
    readonly_fields = ["data_source"]
