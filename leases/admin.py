"""Django admin for batches (with their coverage figures) and budget lines."""

from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext_lazy as _

from cameras.reports import CoverageFigures
from core.adminsite import FiguresAdmin, HistoryAdmin
from core.forms import VersionedAdminForm
from core.roc import format_roc

from .models import Batch, BudgetLine, Scenario


class BudgetLineInline(admin.TabularInline):
    """A batch's budget lines on its admin page: each with the version check of the app."""

    model = BudgetLine
    form = VersionedAdminForm
    extra = 0
    fields = ["fiscal_year", "amount_thousand_ntd", "funding_source", "purpose", "opened_version"]


@admin.register(Batch)
class BatchAdmin(FiguresAdmin, HistoryAdmin):
    list_display = ["code", "name", "kind", "lease_end_roc", "contracted_count"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "vendor", "contract_number"]
    inlines = [BudgetLineInline]
    figures = CoverageFigures(
        "by_batch",
        extra=(
            ("registered", _("registered"), intcomma),
            ("registered_minus_contracted", _("registered − contracted"), "{:+,d}".format),
        ),
    )

    @admin.display(description=_("lease end"), ordering="lease_end")
    def lease_end_roc(self, obj):
        if not obj.is_lease:
            return ""
        if obj.lease_end is None and obj.lease_end_computed is not None:
            return f"{format_roc(obj.lease_end_computed)} ({_('computed')})"
        return format_roc(obj.lease_end) or _("not stated")


@admin.register(BudgetLine)
class BudgetLineAdmin(HistoryAdmin):
    list_display = ["fiscal_year", "payee", "amount_thousand_ntd", "funding_source", "purpose"]
    list_filter = ["fiscal_year", "funding_source"]
    list_select_related = ["batch"]
    search_fields = ["contract", "batch__code", "batch__name", "purpose"]

    @admin.display(description=_("batch or contract"), ordering="batch__code")
    def payee(self, obj):
        return obj.payee


@admin.register(Scenario)
class ScenarioAdmin(HistoryAdmin):
    list_display = ["name", "camera_count", "monthly_rate_ntd", "start", "term_months",
                    "approved_batch"]  # fmt: skip
    list_select_related = ["approved_batch"]
    search_fields = ["name"]
    filter_horizontal = ["batches", "precincts"]
