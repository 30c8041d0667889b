"""The figures over time beside the dashboard and the coverage report, and their CSV file.

The series' scope is the page's ?precinct= or ?batch= (a code); a bad one is a 400 with the
message beside its box, and no series.
"""

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.csvfile import csv_chunks, date_cell, decimal_cell, number_cell, text_cell
from core.filters import ListedChoiceField
from core.generic import BadParameter, CsvView, form_errors, today
from leases.models import Batch

from . import editions, series
from .models import Precinct


class SeriesScopeForm(forms.Form):
    """Whose figures the series shows: the whole register, a precinct or a batch."""

    precinct = ListedChoiceField(
        Precinct.objects.all(), to_field_name="code", required=False,
        label=gettext_lazy("Precinct"), empty_label=gettext_lazy("Whole register"),
    )  # fmt: skip
    batch = ListedChoiceField(
        Batch.objects.all(), to_field_name="code", required=False,
        label=gettext_lazy("Batch"), empty_label=gettext_lazy("Any"),
    )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("precinct") and cleaned.get("batch"):
            raise forms.ValidationError(_("Choose a precinct or a batch, not both."))
        return cleaned

    def scope(self) -> tuple[str, dict]:
        """Return the scope's name and series.monthly()'s arguments."""
        precinct, batch = self.cleaned_data.get("precinct"), self.cleaned_data.get("batch")
        if precinct:
            return precinct.name, {"precinct": precinct.pk}
        if batch:
            return batch.code, {"batch": batch.pk}
        return _("whole register"), {}


def series_context(params) -> dict:
    """The series of the page's scope, or the scope form with its errors (status 400)."""
    form = SeriesScopeForm(params)
    if not form.is_valid():
        return {"series_form": form, "series_error": True}
    name, scope = form.scope()
    query = urlencode({k: v for k, v in params.items() if k in ("precinct", "batch") and v})

    day = today()  # once: the key's day is the series' last

    def drawn():
        months = series.monthly(today=day, **scope)
        return {
            "series": months, "series_scope": name, "series_charts": series.charts(months, name),
            "series_rows": series.table_rows(months),
        }  # fmt: skip

    scoped = (f"{key}={pk}" for key, pk in sorted(scope.items()))
    kept = editions.cached("series", (day, *scoped), drawn)
    return {"series_form": form, "series_query": query, **kept}


class SeriesMixin:
    """Pages that show the series: a bad scope answers 400."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(**series_context(self.request.GET), **kwargs)

    def render_to_response(self, context, **kwargs):
        if context.get("series_error"):
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


SERIES_COLUMNS = (
    "month", "day", "cameras", "lane", "lpr", "lane_lpr", "lpr_pct", "lpr_of_lane_pct", "scope",
)  # fmt: skip


class SeriesExportView(CsvView):
    """The month-end figures from ROC 105 to today, of the register, a precinct or a batch."""

    def export(self, params, *, bom):
        form = SeriesScopeForm(params)
        if not form.is_valid():
            raise BadParameter(form_errors(form))
        name, scope = form.scope()
        rows = (
            [
                text_cell(m.roc), date_cell(m.day), number_cell(m.cameras), number_cell(m.lane),
                number_cell(m.lpr), number_cell(m.lane_lpr), decimal_cell(m.lpr_pct),
                decimal_cell(m.lpr_of_lane_pct), text_cell(str(name)),
            ]
            for m in series.monthly(today=today(), **scope)
        )  # fmt: skip
        return f"series_{today().isoformat()}.csv", csv_chunks(SERIES_COLUMNS, rows, bom=bom)
