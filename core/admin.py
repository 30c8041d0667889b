"""The download and import records, and django-axes's sign-in records, in the Django admin:
read only."""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


# django-axes's own admin, but without its date hierarchy, whose year and month links are
# Gregorian: the time filter beside the list offers today, the past 7 days, this month, this year.
admin.site.unregister([AccessAttempt, AccessLog, AccessFailureLog])


@admin.register(AccessAttempt)
class SignInAttemptAdmin(AccessAttemptAdmin):
    date_hierarchy = None

    @admin.display(description=_("Status"))
    def status(self, obj):
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left <= 0:
            return _("Locked Out")
        return ngettext("%(count)s attempt left", "%(count)s attempts left", left) % {"count": left}


@admin.register(AccessLog)
class SignInLogAdmin(AccessLogAdmin):
    date_hierarchy = None


@admin.register(AccessFailureLog)
class SignInFailureAdmin(AccessFailureLogAdmin):
    date_hierarchy = None
