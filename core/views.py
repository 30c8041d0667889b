"""Core's own pages: the health check and the audit page."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import TemplateView

from . import history
from .exports import history_filters
from .forms import DATE_HELP
from .generic import BadParameter
from .history import HISTORY_PERMISSION
from .models import ExportRecord, ImportRecord
from .permissions import Requires


@login_not_required
def healthz(request):
    """Tell a load balancer whether the app can serve: 200, or 503 when the database cannot
    answer (every page would fail). No data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


class AuditView(Requires, TemplateView):
    """For auditors: the latest changes, the change sets (imports, bulk edits) with the rows
    they changed, the downloads, and the history file.

    The latest changes take the history file's filters, and its form comes back here first:
    good filters go on to the download, bad ones are shown on this page with status 400
    instead of a bare error in place of a file.
    """

    template_name = "core/audit.html"
    permission_required = HISTORY_PERMISSION
    FILTERS = ("since", "until", "user", "type", "change_set")
    LATEST = 50

    def get(self, request, *args, **kwargs):
        chosen = QueryDict(mutable=True)
        for name in self.FILTERS:
            if request.GET.get(name, "").strip():
                chosen[name] = request.GET[name].strip()
        try:
            filters = history_filters(chosen)
        except BadParameter as error:
            context = self.get_context_data(filter_error=str(error), **kwargs)
            return self.render_to_response(context, status=400)
        if "download" in request.GET:
            url = reverse("core:history_export")
            return redirect(f"{url}?{chosen.urlencode()}" if chosen else url)
        changes = history.latest(**filters, limit=self.LATEST)
        return self.render_to_response(
            self.get_context_data(changes=changes, filtered=bool(chosen), **kwargs)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            imports=ImportRecord.objects.select_related("user")[:50],
            bulk_edits=apps.get_model(settings.BULK_EDITS).objects.select_related("user")[:50],
            change_set_list=reverse(settings.CHANGE_SET_LIST),
            downloads=ExportRecord.objects.select_related("user")[:100],
            latest=self.LATEST,
            date_help=DATE_HELP,
            **kwargs,
        )
