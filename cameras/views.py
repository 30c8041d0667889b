"""Pages for inventory staff: dashboard, coverage report, replacement planner, cameras, sites."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, TemplateView

from core.generic import AsOfMixin, FilteredListView, today
from core.history import history_for
from core.permissions import EditRequires, Requires, edit_views
from core.roc import format_roc
from leases.models import Batch
from leases.querysets import lease_status

from . import editions, states
from .columns import LISTED
from .filters import CameraFilterSet, SiteFilterSet, camera_list_url, figure_links
from .forms import CameraForm, ReplacementForm, SiteForm
from .models import Camera, CameraState, CameraStatus, DataSource, Site
from .reports import (
    coverage,
    in_service_by_precinct,
    past_service_life_count,
    replacement_grid,
)
from .series_views import SeriesMixin

VIEW = "cameras.view_camera"


def coverage_links(report, day) -> dict:
    """Pair each coverage row with the camera lists that its figures count."""
    total = (report.total, figure_links(day))
    precincts = [(row, figure_links(day, precinct=row.code)) for row in report.by_precinct]
    batches = [(row, figure_links(day, batch=row.code)) for row in report.by_batch]
    nested = []  # each precinct, then its stations
    for row, links in precincts:
        nested.append((row, links))
        nested += [(s, figure_links(day, station=s.code)) for s in report.stations_of(row)]
    return {
        "total_links": total[1],
        "precinct_rows": precincts,
        "batch_rows": batches,
        "coverage_rows": [total, *nested, *batches],
    }


class DashboardView(Requires, SeriesMixin, AsOfMixin, TemplateView):
    permission_required = VIEW
    template_name = "cameras/dashboard.html"

    def figures(self, day):
        return editions.cached("dashboard", (day,), lambda: self._figures(day))

    def _figures(self, day):
        report = coverage(on=day)
        # The leases' cameras in service come from the report's batch rows: no second count.
        in_service = {row.pk: row.cameras for row in report.by_batch}

        def alerts(batches, by_precinct=None):
            for batch in batches.order_by("lease_end", "code"):
                url = camera_list_url(batch=batch.code, in_service_on=day)
                precincts = [
                    (name, n, camera_list_url(batch=batch.code, precinct=code, in_service_on=day))
                    for code, name, n in (by_precinct or {}).get(batch.pk, [])
                ]
                yield batch, in_service.get(batch.pk, 0), batch.days_left(day), url, precincts

        bought = Batch.objects.procured_by(on=day)  # no alert for a batch not yet bought
        ending = bought.leases_ending(on=day)
        by_precinct = in_service_by_precinct(on=day, batches=ending)
        return {
            "report": report,
            "ended_leases": [a for a in alerts(bought.leases_ended(on=day)) if a[1]],
            "ending_leases": list(alerts(ending, by_precinct)),
            "unknown_end_leases": list(bought.leases_without_end()),
            "past_life_count": past_service_life_count(on=day),
            "past_life_url": camera_list_url(past_life_on=day),
            **coverage_links(report, day),
        }


class CoverageReportView(Requires, SeriesMixin, AsOfMixin, TemplateView):
    """The coverage report as a page: the same rows as its CSV file, from coverage()."""

    template_name = "cameras/coverage.html"
    permission_required = VIEW

    def figures(self, day):
        return editions.cached("coverage", (day,), lambda: self._figures(day))

    @staticmethod
    def _figures(day):
        report = coverage(on=day)
        return {"report": report, **coverage_links(report, day)}


# Each section of the planner links to the camera list that holds its cameras.
PLANNER_LINKS = {
    "past_life": lambda day: {"past_life_on": day},
    "lane_without_lpr": lambda day: {"in_service_on": day, "is_lane": "true", "has_lpr": "false"},
    "ended_lease": lambda day: {"lease_ended_on": day},
}


def batch_url(pk: int, day) -> str:
    """Return a batch's page on `day`."""
    return f"{reverse('leases:batch_detail', args=[pk])}?{urlencode({'as_of': day.isoformat()})}"


def planner_columns(section, day, precincts) -> dict:
    """Lay one section of the planner out as columns of the grid: each batch, then the total,
    every figure with the camera list that holds its cameras (zero: no link)."""
    params = PLANNER_LINKS[section.key](day)

    def cell(n, **scope):
        return {"n": n, "url": camera_list_url(**scope, **params) if n else ""}

    batches = [{"pk": pk, "code": code, "url": batch_url(pk, day)} for pk, code in section.batches]
    rows = {
        precinct.pk: [
            *(cell(section.count(precinct.pk, b["pk"]), precinct=precinct.code, batch=b["code"])
              for b in batches),
            cell(section.precinct_total(precinct.pk), precinct=precinct.code) | {"total": True},
        ]
        for precinct in precincts
    }  # fmt: skip
    totals = [
        *(cell(section.batch_total(b["pk"]), batch=b["code"]) for b in batches),
        cell(section.total) | {"total": True},
    ]
    return {"section": section, "batches": batches, "rows": rows, "totals": totals}


class ReplacementPlannerView(Requires, AsOfMixin, TemplateView):
    """Cameras due for replacement: a precinct × batch grid for each reason, every figure a
    link to the cameras it counts, every batch code a link to its batch."""

    template_name = "cameras/replacement_planner.html"
    permission_required = VIEW

    def figures(self, day):
        grid = replacement_grid(on=day)
        sections = [planner_columns(s, day, grid.precincts) for s in grid.sections]
        rows = [
            (precinct, [cell for s in sections for cell in s["rows"][precinct.pk]])
            for precinct in grid.precincts
        ]
        totals = [cell for s in sections for cell in s["totals"]]
        return {"sections": sections, "rows": rows, "totals": totals}


# The filters that keep only the cameras in service on their day.
DAY_FILTERS = ("as_of", "in_service_on", "past_life_on", "lease_ended_on")


class CameraListView(Requires, FilteredListView):
    permission_required = VIEW
    model = Camera
    filterset_class = CameraFilterSet
    queryset = Camera.objects.select_related("site", "precinct", "batch")

    def known_count(self):
        return self.filterset.rollup_count()

    def get_context_data(self, **kwargs):
        scope, day = self.filterset.scope()
        query = self.request.GET.copy()
        query.pop("page", None)
        if scope == "all":
            query["in_service"] = "true"
        else:
            query.pop("in_service", None)
        dated = any(query.get(name) for name in DAY_FILTERS)  # the day decides: no toggle
        toggle = None if dated else query.urlencode()
        context = super().get_context_data(
            columns=LISTED, scope=scope, day=day or today(), scope_toggle=toggle, **kwargs
        )
        if as_of := self.filterset.as_it_was_on():  # each camera as it was that day
            page = context["page_obj"]
            page.object_list = context["object_list"] = list(page.object_list)
            states.show_as_of(page.object_list, as_of)
        return context


class CameraDetailView(Requires, AsOfMixin, DetailView):
    """A camera as it was on the page's day (?as_of=, today by default), and its timeline."""

    permission_required = VIEW
    model = Camera
    queryset = Camera.objects.select_related(
        "site__precinct", "precinct", "station", "batch", "replaces"
    )

    def figures(self, day):
        camera = self.object
        states.show_as_of([camera], day)  # its site, precinct, batch and functions that day
        return {
            "lease_status": Batch.objects.filter(pk=camera.batch_id)
            .annotate(status=lease_status(day))
            .values_list("status", flat=True)
            .first(),
            "installed_yet": camera.installed_on <= day,
            "timeline": states.timeline(camera),
        }

    def get_context_data(self, **kwargs):
        camera = self.object
        return super().get_context_data(
            history=history_for(self.request, camera),
            predecessors=_chain(camera, "replaces"),
            successors=_chain(camera, "replaced_by"),
            **kwargs,
        )


def _chain(camera, relation: str, limit: int = 20) -> list[Camera]:
    """Follow `replaces` back or `replaced_by` forward; chains are short, so a query a step."""
    chain, current = [], camera
    for _step in range(limit):
        try:
            current = getattr(current, relation)
        except Camera.DoesNotExist:
            break
        if current is None:
            break
        chain.append(current)
    return chain


_CameraCreateView, CameraUpdateView = edit_views(Camera, CameraForm)
SiteCreateView, SiteUpdateView = edit_views(Site, SiteForm)


class CameraCreateView(_CameraCreateView):
    def form_valid(self, form):
        form.instance.data_source = DataSource.MANUAL
        return super().form_valid(form)


class CameraReplaceView(EditRequires, CreateView):
    """Replace a camera: the new one is saved and the old one retired, in one transaction."""

    model = Camera
    form_class = ReplacementForm
    template_name = "cameras/camera_replace.html"
    permission_required = ("cameras.add_camera", "cameras.change_camera")

    def dispatch(self, request, *args, **kwargs):
        self.old = get_object_or_404(
            Camera.objects.select_related("site", "batch"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "old": self.old}

    def get_initial(self):
        return {
            "site": self.old.site.code,
            "is_lane": self.old.is_lane,
            # every lane camera installed since 2021-08 has LPR: the usual replacement has it too
            "has_lpr": self.old.is_lane,
            "installed_on": today(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(old=self.old, **kwargs)

    def form_valid(self, form):
        new = form.instance
        new.replaces = self.old
        new.data_source = DataSource.MANUAL
        try:
            with transaction.atomic():
                old = Camera.objects.select_for_update().get(pk=self.old.pk)
                refusal = old.refusal_to_replace()  # checked again, under the lock
                if refusal:
                    raise ValidationError(refusal)
                old.status = CameraStatus.RETIRED
                old.retired_on = new.installed_on
                old.full_clean()
                # the history says why each changed (django-simple-history's _change_reason)
                old._change_reason = _("replaced by %(new)s") % {"new": new.asset_tag}
                new._change_reason = _("replaces %(old)s") % {"old": old.asset_tag}
                old.save()
                new.save()
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.object = new
        messages.success(
            self.request,
            _("%(new)s replaces %(old)s, which is retired as of %(day)s.")
            % {"new": new, "old": old, "day": format_roc(new.installed_on)},
        )
        return redirect(new)


class SiteListView(Requires, FilteredListView):
    permission_required = "cameras.view_site"
    model = Site
    filterset_class = SiteFilterSet
    queryset = Site.objects.select_related("precinct", "station").with_camera_count()


class SiteDetailView(Requires, AsOfMixin, DetailView):
    """A site as it was on the page's day: its precinct then, and the cameras that hung there
    that day (each as it was then), beside every camera that ever hung there."""

    permission_required = "cameras.view_site"
    model = Site
    queryset = Site.objects.select_related("precinct", "station")

    def figures(self, day):
        site = self.object
        held = CameraState.objects.filter(states.on_day_q(day), site=site)
        unit = (
            site.precinct_periods.filter(states.on_day_q(day))
            .select_related("precinct", "station")
            .first()
        )
        # every camera that ever hung here, a handful: one query, each as it was on the day
        ever = Camera.objects.filter(pk__in=CameraState.objects.filter(site=site).values("camera"))
        cameras = list(ever.select_related("batch").order_by("installed_on", "asset_tag"))
        states.show_as_of(cameras, day)
        there = set(held.values_list("camera_id", flat=True))
        return {
            "precinct_then": unit.precinct if unit else site.precinct,
            "station_then": unit.station if unit else site.station,
            "cameras": cameras,
            "there_then": there,
            "in_service_count": Camera.objects.in_service(on=day).filter(pk__in=there).count(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(history=history_for(self.request, self.object), **kwargs)
