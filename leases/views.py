"""Pages for batches and leases: the list, a batch's page, and the fiscal-year budget table."""

from collections import defaultdict

from django.db.models import Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from cameras.models import Precinct
from cameras.permissions import EditRequires, Requires
from cameras.reports import cameras_sum, in_service_sum, with_coverage
from cameras.views import ENDING_SOON_DAYS, camera_list_url, history_for, today

from .forms import BatchForm
from .models import Batch, BudgetLine
from .reports import fiscal_year_table, lease_cost_by_fiscal_year


class BatchListView(Requires, TemplateView):
    permission_required = "leases.view_batch"
    """Every batch with its cameras, lease end, status and cost per fiscal year."""

    template_name = "leases/batch_list.html"

    def get_context_data(self, **kwargs):
        day = today()
        batches = (
            Batch.objects.with_camera_counts()
            .annotate(in_service_count=in_service_sum(day))
            .order_by("code")  # a grouped query drops the model's ordering
        )
        cost = defaultdict(dict)
        for row in (
            BudgetLine.objects.filter(batch__isnull=False)
            .values("batch", "fiscal_year")
            .annotate(amount=Sum("amount_thousand_ntd"))
        ):
            cost[row["batch"]][row["fiscal_year"]] = row["amount"]
        years = sorted({year for per_batch in cost.values() for year in per_batch})
        rows = [
            {
                "batch": b,
                "status": b.lease_status(day, soon_days=ENDING_SOON_DAYS),
                "days_left": (b.lease_end - day).days if b.lease_end else None,
                "costs": [cost[b.pk].get(year) for year in years],
                "cameras_url": camera_list_url(batch=b.pk, in_service_on=day),
            }
            for b in batches
        ]
        fiscal_years = BudgetLine.objects.values_list("fiscal_year", flat=True).distinct()
        return super().get_context_data(
            today=day, rows=rows, years=years,
            fiscal_years=sorted(set(fiscal_years)), **kwargs,
        )  # fmt: skip


class BatchDetailView(Requires, DetailView):
    permission_required = "leases.view_batch"
    model = Batch
    queryset = Batch.objects.with_camera_counts()

    def get_context_data(self, **kwargs):
        day, batch = today(), self.object
        of_batch = Q(coverage_rows__batch=batch)
        by_precinct = with_coverage(Precinct.objects.order_by("code"), on=day, where=of_batch)
        by_precinct = by_precinct.annotate(
            registered_count=cameras_sum(of_batch, "coverage_rows__")
        ).filter(registered_count__gt=0)
        days_left = (batch.lease_end - day).days if batch.lease_end else None
        return super().get_context_data(
            today=day,
            status=batch.lease_status(day, soon_days=ENDING_SOON_DAYS),
            days_left=days_left,
            days_ago=-days_left if days_left is not None and days_left < 0 else None,
            difference=(
                None
                if batch.contracted_count is None
                else batch.registered_count - batch.contracted_count
            ),
            in_service_count=Batch.objects.filter(pk=batch.pk).aggregate(n=in_service_sum(day))[
                "n"
            ],
            costs=lease_cost_by_fiscal_year(batch=batch),
            budget_lines=batch.budget_lines.order_by("fiscal_year", "pk"),
            by_precinct=[
                (p, camera_list_url(batch=batch.pk, precinct=p.pk, in_service_on=day))
                for p in by_precinct
            ],
            cameras_url=camera_list_url(batch=batch.pk),
            history=history_for(self.request, batch),
            **kwargs,
        )


class BatchCreateView(EditRequires, CreateView):
    model = Batch
    form_class = BatchForm
    permission_required = "leases.add_batch"


class BatchUpdateView(EditRequires, UpdateView):
    model = Batch
    form_class = BatchForm
    permission_required = "leases.change_batch"


class FiscalYearView(Requires, TemplateView):
    permission_required = "leases.view_budgetline"
    """One fiscal year's budget lines as the plan tabulates them, with the total."""

    template_name = "leases/fiscal_year.html"

    def get_context_data(self, **kwargs):
        year = kwargs["year"]
        if not 1 <= year <= 500:
            raise Http404(_("No such fiscal year."))
        years = sorted(set(BudgetLine.objects.values_list("fiscal_year", flat=True)))
        return super().get_context_data(table=fiscal_year_table(year), fiscal_years=years, **kwargs)
