from django.urls import path

from . import exports, views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("history/", views.AuditView.as_view(), name="audit"),
    path("history/export.csv", exports.HistoryExportView.as_view(), name="history_export"),
]
