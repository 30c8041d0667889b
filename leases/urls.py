"""Batches, leases and budgets: each page beside its CSV file."""

from django.urls import path

from . import exports, views

app_name = "leases"
urlpatterns = [
    path("", views.BatchListView.as_view(), name="batch_list"),
    path("export.csv", exports.BatchExportView.as_view(), name="batch_export"),
    path("new/", views.BatchCreateView.as_view(), name="batch_create"),
    path("<int:pk>/", views.BatchDetailView.as_view(), name="batch_detail"),
    path("<int:pk>/edit/", views.BatchUpdateView.as_view(), name="batch_update"),
    path(
        "budget-lines/export.csv",
        exports.BudgetLineExportView.as_view(),
        name="budget_line_export",
    ),
    path("fiscal-years/", views.LeaseYearsView.as_view(), name="lease_years"),
    path("scenarios/", views.ScenarioListView.as_view(), name="scenario_list"),
    path("scenarios/new/", views.ScenarioCreateView.as_view(), name="scenario_create"),
    path("scenarios/compare/", views.ScenarioDetailView.as_view(), name="scenario_compare"),
    path("scenarios/export.csv", exports.ScenarioExportView.as_view(), name="scenario_export"),
    path("scenarios/<int:pk>/", views.ScenarioDetailView.as_view(), name="scenario_detail"),
    path("scenarios/<int:pk>/edit/", views.ScenarioUpdateView.as_view(), name="scenario_update"),
    path(
        "scenarios/<int:pk>/approve/",
        views.ScenarioApproveView.as_view(),
        name="scenario_approve",
    ),
    path(
        "fiscal-years/export.csv", exports.LeaseYearsExportView.as_view(), name="lease_years_export"
    ),
    path("fiscal-years/<int:year>/", views.FiscalYearView.as_view(), name="fiscal_year"),
    path(
        "fiscal-years/<int:year>/export.csv",
        exports.FiscalYearExportView.as_view(),
        name="fiscal_year_export",
    ),
]
