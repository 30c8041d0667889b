"""The Django admin as the register uses it: for administrators, history kept, figures by day.

The site is an AdminSite subclass, installed through CoreAdminConfig.default_site (Django's
documented way to replace the default admin site).
"""

import functools

from django.contrib import admin
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .forms import AsOfForm, VersionedAdminForm
from .generic import today
from .roc import format_roc
from .roles import is_administrator
from .templatetags.register import shown


class RegisterAdminSite(admin.AdminSite):
    """The Django admin, for the 管理者 role (and superusers); other roles use the app.

    It carries the app's name, and every list on it shows dates, counts and amounts as the app
    does (ROC dates, grouped thousands), the lists of installed packages (sign-in records,
    users) included: register() gives each ModelAdmin the RegisterDisplay mixin.
    """

    site_header = _("Sky Net camera register")
    site_title = _("Sky Net camera register")
    index_title = _("Admin")
    empty_value_display = "—"

    def has_permission(self, request):
        return is_administrator(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, RegisterDisplay):
            admin_class = type(admin_class.__name__, (RegisterDisplay, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)


# Django shows these in the locale's date format (Gregorian) and counts ungrouped; a primary
# key, a choice or a related row keeps Django's own display.
SHOWN_FIELDS = (models.DateField, models.IntegerField, models.DecimalField)


@functools.cache  # one function a field: a read-only field is found again by identity
def _shown_column(model_field):
    @admin.display(description=model_field.verbose_name, ordering=model_field.name)
    def column(obj):
        return shown(getattr(obj, model_field.attname))

    column.__name__ = model_field.name  # the column's CSS class stays field-<name>
    return column


class RegisterDisplay:
    """A ModelAdmin mixin: a list or a read-only field shows a date as 112/08/31 (a moment as
    115/11/26 18:02), a count as 24,049 and an amount as 129,924.342, as the app does.

    Such a field is replaced by a column function that shows it; an editable field keeps its
    widget.
    """

    def get_list_display(self, request):
        editable = set(self.list_editable)  # an input in the list, as the admin draws it
        return [
            name if name in editable else self._shown(name)
            for name in super().get_list_display(request)
        ]

    def get_readonly_fields(self, request, obj=None):
        return [self._shown(name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        # A page that only shows the row (no change permission) makes every field read-only.
        viewing = obj is not None and not self.has_change_permission(request, obj)
        readonly = set(super().get_readonly_fields(request, obj))

        def swap(fields):
            if isinstance(fields, list | tuple):
                return type(fields)(swap(name) for name in fields)
            return self._shown(fields) if viewing or fields in readonly else fields

        return [
            (title, {**options, "fields": swap(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if "selection_note_all" in context:  # "All 24049 selected", as Django writes it
            count = context["cl"].result_count
            context["selection_note_all"] = ngettext(
                "%(total_count)s selected", "All %(total_count)s selected", count
            ) % {"total_count": intcomma(count)}
        return response

    def _shown(self, name):
        if not isinstance(name, str):
            return name
        try:
            model_field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return name
        if (
            not isinstance(model_field, SHOWN_FIELDS)
            or model_field.primary_key
            or model_field.is_relation
            or model_field.choices
        ):
            return name
        return _shown_column(model_field)


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

    def get_fields(self, request, obj=None):
        # All of the record, when it was made too (a field no form edits, so Django omits it).
        return [f.name for f in self.model._meta.concrete_fields if not f.primary_key]

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
