from django.urls import path

from . import exports, saved_views, views

app_name = "core"
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("history/", views.AuditView.as_view(), name="audit"),
    path("history/export.csv", exports.HistoryExportView.as_view(), name="history_export"),
    path("views/", saved_views.SavedViewCreateView.as_view(), name="saved_view_create"),
    path(
        "views/<int:pk>/delete/",
        saved_views.SavedViewDeleteView.as_view(),
        name="saved_view_delete",
    ),  # fmt: skip
]
