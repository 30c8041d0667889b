"""The camera register's pages, each beside its CSV file."""

from django.urls import path

from . import bulk_views, exports, series_views, views
from .imports import views as import_views

app_name = "cameras"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("cameras/", views.CameraListView.as_view(), name="camera_list"),
    path("cameras/export.csv", exports.CameraExportView.as_view(), name="camera_export"),
    path("cameras/import/", import_views.CameraImportView.as_view(), name="camera_import"),
    path("cameras/import/jobs/<int:pk>/", import_views.ImportJobView.as_view(), name="import_job"),
    path("cameras/new/", views.CameraCreateView.as_view(), name="camera_create"),
    path("cameras/bulk/", bulk_views.CameraBulkEditView.as_view(), name="camera_bulk_edit"),
    path("cameras/<int:pk>/", views.CameraDetailView.as_view(), name="camera_detail"),
    path("cameras/<int:pk>/edit/", views.CameraUpdateView.as_view(), name="camera_update"),
    path("cameras/<int:pk>/replace/", views.CameraReplaceView.as_view(), name="camera_replace"),
    path("sites/", views.SiteListView.as_view(), name="site_list"),
    path("sites/export.csv", exports.SiteExportView.as_view(), name="site_export"),
    path("sites/new/", views.SiteCreateView.as_view(), name="site_create"),
    path("sites/<int:pk>/", views.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views.SiteUpdateView.as_view(), name="site_update"),
    path("replacements/", views.ReplacementPlannerView.as_view(), name="replacement_planner"),
    path(
        "replacements/export.csv",
        exports.ReplacementExportView.as_view(),
        name="replacement_export",
    ),
    path("reports/coverage/", views.CoverageReportView.as_view(), name="coverage_report"),
    path("reports/coverage.csv", exports.CoverageExportView.as_view(), name="coverage_export"),
    path("reports/series.csv", series_views.SeriesExportView.as_view(), name="series_export"),
]
