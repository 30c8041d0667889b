"""Django admin for batches and budget lines."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cameras.admin import CoverageColumns, CoverageDateFilter, HistoryAdmin
from cameras.roc import format_roc

from .models import Batch, BudgetLine


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["fiscal_year", "amount_thousand_ntd", "funding_source", "purpose"]


@admin.register(Batch)
class BatchAdmin(CoverageColumns, HistoryAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "lease_end_roc",
        "contracted_count",
        "registered",
        "registered_minus_contracted",
        "cameras",
        "lane",
        "lpr",
        "lpr_pct",
        "lpr_of_lane_pct",
    ]
    list_filter = ["kind", CoverageDateFilter]
    search_fields = ["code", "name", "vendor"]
    inlines = [BudgetLineInline]
    change_list_template = "admin/coverage_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).with_camera_counts()

    @admin.display(description=_("lease end"), ordering="lease_end")
    def lease_end_roc(self, obj):
        if obj.kind != "lease":
            return ""
        return format_roc(obj.lease_end) or _("not stated")

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, obj):
        return obj.registered_count

    @admin.display(description=_("registered − contracted"))
    def registered_minus_contracted(self, obj):
        if obj.contracted_count is None:
            return "—"
        return f"{obj.registered_count - obj.contracted_count:+d}"


@admin.register(BudgetLine)
class BudgetLineAdmin(HistoryAdmin):
    list_display = ["fiscal_year", "payee", "amount_thousand_ntd", "funding_source", "purpose"]
    list_filter = ["fiscal_year", "funding_source"]
    list_select_related = ["batch"]
    search_fields = ["contract", "batch__code", "batch__name", "purpose"]

    @admin.display(description=_("batch or contract"), ordering="batch__code")
    def payee(self, obj):
        return obj.payee
