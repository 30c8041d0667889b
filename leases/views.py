"""Pages for batches and leases: the list, a batch's page, and the fiscal-year budget table."""

from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from cameras.filters import camera_list_url, figure_links
from cameras.reports import by_pk, coverage
from core.generic import AsOfMixin, BadParameter, today
from core.history import history_for
from core.permissions import Requires, edit_views
from core.roc import ROC_OFFSET
from core.versioning import StaleEdit

from .billing import fiscal_year_report, lease_years
from .charts import bars
from .forms import ApproveForm, BatchForm, ScenarioForm
from .models import Batch, BatchKind, Scenario
from .reports import batch_table, fiscal_years, lease_cost_by_fiscal_year
from .scenarios import scenario_reports


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


ScenarioCreateView, _ScenarioUpdateView = edit_views(Scenario, ScenarioForm)


def approved_already(scenario) -> HttpResponse:
    return HttpResponse(
        _("This scenario was approved already, as %(code)s.")
        % {"code": scenario.approved_batch.code}, status=409,
        content_type="text/plain; charset=utf-8",
    )  # fmt: skip


class ScenarioUpdateView(_ScenarioUpdateView):
    """A scenario's edit page, until it is approved: then its batch holds the terms."""

    def get(self, request, *args, **kwargs):
        return self._unless_approved() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._unless_approved() or super().post(request, *args, **kwargs)

    def _unless_approved(self):
        scenario = get_object_or_404(Scenario.objects.select_related("approved_batch"),
                                     pk=self.kwargs["pk"])  # fmt: skip
        return approved_already(scenario) if scenario.approved_batch_id else None


def scenarios_with_rows():
    """The scenarios, their batches and precincts read at once (scenario_reports())."""
    return Scenario.objects.prefetch_related("batches", "precincts").select_related(
        "approved_batch"
    )


class ScenarioListView(Requires, TemplateView):
    """The saved replacement scenarios, each with its cameras and total cost; two compared."""

    permission_required = "leases.view_scenario"
    template_name = "leases/scenario_list.html"

    def get_context_data(self, **kwargs):
        reports = scenario_reports(scenarios_with_rows(), on=today())
        return super().get_context_data(reports=reports, **kwargs)


def chosen(params) -> list[int]:
    """Return the scenarios ?id= names (one or more, in order); BadParameter for a bad one."""
    ids = params.getlist("id")
    if not ids or not all(value.isdigit() for value in ids):
        raise BadParameter(_("Choose the scenarios by their numbers (?id=1&id=2)."))
    found = {s.pk: s for s in scenarios_with_rows().filter(pk__in=[int(v) for v in ids])}
    missing = [value for value in ids if int(value) not in found]
    if missing:
        raise BadParameter(_("No scenario has the number %(id)s.") % {"id": missing[0]})
    return [found[int(value)] for value in ids]


class ScenarioDetailView(Requires, TemplateView):
    """A scenario, or several side by side (?id=1&id=2): cameras, cost per fiscal year."""

    permission_required = "leases.view_scenario"
    template_name = "leases/scenario_detail.html"
    error = ""

    def get_context_data(self, **kwargs):
        params = self.request.GET.copy()
        if "pk" in kwargs:
            params.setlist("id", [str(kwargs["pk"])])
            if not Scenario.objects.filter(pk=kwargs["pk"]).exists():
                raise Http404(_("No such scenario."))
        try:
            scenarios = chosen(params)
        except BadParameter as error:
            self.error = str(error)
            return super().get_context_data(error=self.error, **kwargs)
        reports = scenario_reports(scenarios, on=today())
        years = sorted({year.fiscal_year for report in reports for year in report.years})
        rows = [
            (year, [next((y for y in r.years if y.fiscal_year == year), None) for r in reports])
            for year in years
        ]
        return super().get_context_data(
            reports=reports, rows=rows, ids=params.getlist("id"),
            approve=ApproveForm() if len(reports) == 1 else None, **kwargs,
        )  # fmt: skip

    def render_to_response(self, context, **kwargs):
        if self.error:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class ScenarioApproveView(Requires, View):
    """Turn a scenario into a lease batch with its terms: once, by someone who adds batches."""

    permission_required = ("leases.add_batch", "leases.change_scenario")
    http_method_names = ["post"]

    def post(self, request, pk):
        scenario = get_object_or_404(scenarios_with_rows(), pk=pk)
        if scenario.approved_batch_id:
            return approved_already(scenario)
        form = ApproveForm(request.POST)
        if not form.is_valid():
            return HttpResponse("\n".join(m for ms in form.errors.values() for m in ms),
                                status=400, content_type="text/plain; charset=utf-8")  # fmt: skip
        (report,) = scenario_reports([scenario], on=today())
        try:
            with transaction.atomic():  # the batch, and the scenario approved as it: or neither
                batch = self.approve(scenario, report, form.cleaned_data["code"])
        except StaleEdit as error:  # someone approved or edited it meanwhile
            return HttpResponse(str(error), status=409, content_type="text/plain; charset=utf-8")
        return redirect(batch)

    def approve(self, scenario, report, code: str) -> Batch:
        """Make the lease batch; mark the scenario approved as it (its version claimed)."""
        batch = Batch(
            code=code, name=scenario.name, kind=BatchKind.LEASE,
            procured_roc_year=scenario.start.year - ROC_OFFSET,
            contracted_count=report.cameras, lease_start=scenario.start,
            term_months=scenario.term_months, monthly_rate_ntd=scenario.monthly_rate_ntd,
            notes=_("From replacement scenario %(name)s.") % {"name": scenario.name},
        )  # fmt: skip
        reason = _("approved scenario %(name)s") % {"name": scenario.name}
        batch._change_reason = scenario._change_reason = reason
        batch.save()
        scenario.approved_batch = batch
        scenario.save()
        return batch
