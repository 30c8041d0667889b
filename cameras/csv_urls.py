"""CSV downloads and the camera import (issue 4)."""

from django.urls import path

from leases import exports as lease_exports

from . import exports, import_views

app_name = "csv"
urlpatterns = [
    path("cameras/export.csv", exports.CameraExportView.as_view(), name="camera_export"),
    path("cameras/import/", import_views.CameraImportView.as_view(), name="camera_import"),
    path("sites/export.csv", exports.SiteExportView.as_view(), name="site_export"),
    path("leases/export.csv", lease_exports.BatchExportView.as_view(), name="batch_export"),
    path(
        "leases/budget-lines/export.csv",
        lease_exports.BudgetLineExportView.as_view(),
        name="budget_line_export",
    ),
    path(
        "leases/fiscal-years/<int:year>/export.csv",
        lease_exports.FiscalYearExportView.as_view(),
        name="fiscal_year_export",
    ),
    path(
        "replacements/export.csv",
        exports.ReplacementExportView.as_view(),
        name="replacement_export",
    ),
    path("reports/coverage/", exports.CoverageReportView.as_view(), name="coverage_report"),
    path("reports/coverage.csv", exports.CoverageExportView.as_view(), name="coverage_export"),
    path("history/export.csv", exports.HistoryExportView.as_view(), name="history_export"),
    path("history/", exports.AuditView.as_view(), name="audit"),
]
