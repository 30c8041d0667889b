"""The download and import records in the Django admin: read only."""

from django.contrib import admin

from .adminsite import ReadOnlyAdmin
from .models import ExportRecord, ImportRecord


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
