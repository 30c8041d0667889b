"""The Django admin as the register uses it: for administrators, history kept, figures by day.

The site is an AdminSite subclass, installed through CoreAdminConfig.default_site (Django's
documented way to replace the default admin site).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .forms import AsOfForm, VersionedAdminForm
from .generic import today
from .roc import format_roc
from .roles import is_administrator


class RegisterAdminSite(admin.AdminSite):
    """The Django admin, for the 管理者 role (and superusers); other roles use the app."""

    def has_permission(self, request):
        return is_administrator(request.user)


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows a row's change history; never reverts a row to an old version; refuses stale edits.

    The history is evidence: a correction is a new, attributed edit. (The revert button is also
    hidden by SIMPLE_HISTORY_REVERT_DISABLED; this refuses the POST itself.) Every model edited
    here carries a version, checked as in the app's own forms.
    """

    form = VersionedAdminForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit records are evidence: nobody edits or deletes them, not even here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AsOfFilter(admin.SimpleListFilter):
    """Chooses the day of a changelist's figures (?as_of=, read by AsOfForm); narrows nothing."""

    title = _("figures on")
    parameter_name = "as_of"

    def lookups(self, request, model_admin):
        return [(day.isoformat(), label) for day, label in model_admin.get_figure_days()]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = _("Today")
        return choices

    def queryset(self, request, queryset):
        return queryset


def _display(attr: str, label, show):
    @admin.display(description=label)
    def column(obj):
        figures = getattr(obj, "figures", None)
        value = None if figures is None else getattr(figures, attr)
        return "—" if value is None else show(value)

    column.__name__ = attr  # the column's CSS class: field-<attr>
    return column


class FiguresAdmin:
    """A changelist with figures for a chosen day beside each row, and a total above them.

    `figures` is the app's source of them, the report function its pages call, so the admin
    has no figures of its own: `figures.columns` ((attribute, label, format) triples),
    `figures.days()` (the days the filter offers), `figures.on(day)` (the total and the rows by
    primary key) and `figures.total_template` (renders the total). A day that cannot be read
    answers 400 and shows no figures.
    """

    figures = None
    change_list_template = "admin/figures_change_list.html"

    def get_figure_days(self) -> list:
        return self.figures.days()

    def get_list_display(self, request):
        return [
            *super().get_list_display(request),
            *(_display(attr, label, show) for attr, label, show in self.figures.columns),
        ]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), AsOfFilter]

    def changelist_view(self, request, extra_context=None):
        form = AsOfForm(request.GET)
        day = (form.cleaned_data["as_of"] or today()) if form.is_valid() else None
        total, request.figures_by_pk = self.figures.on(day) if day else (None, {})
        extra_context = {
            **(extra_context or {}),
            "figures_day": day,
            "figures_day_roc": format_roc(day) if day else "",
            "figures_total": total,
            "figures_total_template": self.figures.total_template,
            "as_of_error": form.errors.get("as_of"),
        }
        response = super().changelist_view(request, extra_context)
        if day is None and response.status_code == 200:
            response.status_code = 400
        return response

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        figures = getattr(request, "figures_by_pk", {})
        for obj in changelist.result_list:
            obj.figures = figures.get(obj.pk)
        return changelist
