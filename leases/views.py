"""Pages for batches and leases: the list, a batch's page, and the fiscal-year budget table."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from cameras.filters import camera_list_url, figure_links
from cameras.reports import by_pk, coverage
from core.generic import AsOfMixin, BadParameter, today
from core.history import history_for
from core.permissions import Requires, edit_views
from core.roc import ROC_OFFSET

from .billing import fiscal_year_report, lease_years
from .charts import bars
from .forms import BatchForm
from .models import Batch
from .reports import batch_table, fiscal_years, lease_cost_by_fiscal_year


def batches_on(day, params):
    """Return the batch list on `day` in the order ?sort= asks: the report the page and its CSV
    both show. A sort the list has not is a BadParameter."""
    sort = params.get("sort", "").strip() or "code"
    try:
        return batch_table(on=day, figures=by_pk(coverage(on=day).by_batch), sort=sort)
    except ValueError:
        message = _("The batch list cannot be sorted by “%(sort)s”.") % {"sort": sort}
        raise BadParameter(message) from None


class BatchListView(Requires, AsOfMixin, TemplateView):
    """Every batch with its cameras, lease end, status and cost per fiscal year, on a day."""

    permission_required = "leases.view_batch"
    template_name = "leases/batch_list.html"

    sort_error = ""

    def figures(self, day):
        try:
            table = batches_on(day, self.request.GET)
        except BadParameter as error:
            self.sort_error = str(error)
            return {"sort_error": self.sort_error}
        rows = [
            (row, camera_list_url(batch=row.batch.code, in_service_on=day)) for row in table.rows
        ]
        return {"table": table, "rows": rows, "fiscal_years": fiscal_years(),
                "next_fiscal_year": day.year - ROC_OFFSET + 1}  # fmt: skip

    def render_to_response(self, context, **kwargs):
        if self.sort_error:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class BatchDetailView(Requires, AsOfMixin, DetailView):
    """A batch on a day: its lease, its cameras by precinct, what it costs each year."""

    permission_required = "leases.view_batch"
    model = Batch

    def get_queryset(self):
        batches = Batch.objects.all()  # its lease status on the page's day, when it has one
        return batches.with_lease_status(on=self.as_of) if self.as_of else batches

    def figures(self, day):
        batch = self.object
        report = coverage(on=day, batch=batch)
        by_precinct = [row for row in report.by_precinct if row.registered]
        days_left = batch.days_left(day)
        return {
            "status": batch.lease_status,
            "days_left": days_left,
            "days_ago": -days_left if days_left is not None and days_left < 0 else None,
            "figures": report.by_batch[0],
            "by_precinct": [
                (row, figure_links(day, batch=batch.code, precinct=row.code)) for row in by_precinct
            ],
            "in_service_url": camera_list_url(batch=batch.code, in_service_on=day),
            "total_links": figure_links(day, batch=batch.code),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            costs=lease_cost_by_fiscal_year(batch=self.object),
            budget_lines=self.object.budget_lines.order_by("fiscal_year", "pk"),
            cameras_url=camera_list_url(batch=self.object.code),
            history=history_for(self.request, self.object),
            **kwargs,
        )


BatchCreateView, BatchUpdateView = edit_views(Batch, BatchForm)


def fiscal_year_or_404(year: int) -> int:
    """Refuse a fiscal year the register cannot have (ROC 1 to 500)."""
    if not 1 <= year <= 500:
        raise Http404(_("No such fiscal year."))
    return year


class FiscalYearView(Requires, TemplateView):
    """One fiscal year's budget lines as the plan tabulates them, with the total, beside what
    each lease costs that year by the register (leases/billing.py)."""

    permission_required = "leases.view_budgetline"
    template_name = "leases/fiscal_year.html"

    def get_context_data(self, **kwargs):
        report = fiscal_year_report(fiscal_year_or_404(kwargs["year"]))
        return super().get_context_data(
            table=report.table, report=report, fiscal_years=fiscal_years(), **kwargs
        )


class LeaseYearsView(Requires, TemplateView):
    """What the leases cost each fiscal year by the register, from ROC 105 to five years
    ahead: the table, and a chart of the cost and of the cameras under lease."""

    permission_required = "leases.view_budgetline"
    template_name = "leases/fiscal_years.html"

    def get_context_data(self, **kwargs):
        day = today()
        rows, this_year = lease_years(day), day.year - ROC_OFFSET
        return super().get_context_data(
            rows=rows,
            this_year=this_year,
            cost_chart=bars(rows, lambda row: row.amount_thousand_ntd, this_year=this_year,
                            title=_("Lease cost by fiscal year (thousand NTD)")),
            cameras_chart=bars(rows, lambda row: row.cameras, this_year=this_year,
                               title=_("Cameras under lease in an average month")),
            **kwargs,
        )  # fmt: skip
