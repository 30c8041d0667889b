"""Pages for inventory staff: dashboard, camera and site lists and pages, replacement planner."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from leases.models import Batch

from . import history
from .filters import CameraFilterSet, SiteFilterSet
from .forms import CameraForm, ReplacementForm, SiteForm
from .models import Camera, CameraStatus, DataSource, Site
from .pagination import RegisterPaginator
from .permissions import EditRequires, Requires
from .reports import coverage, past_service_life_count, replacement_plan
from .roc import RocDateError, format_roc, parse_date

ENDING_SOON_DAYS = 180


@login_not_required
def healthz(request):
    """Tell a load balancer the app is up; no data."""
    return JsonResponse({"status": "ok"})


def today() -> datetime.date:
    return timezone.localdate()


class AsOfMixin:
    """Read ?as_of= (ROC or ISO; today in Asia/Taipei by default) and refuse a bad one with 400."""

    as_of_error = None

    def as_of(self) -> datetime.date:
        raw = self.request.GET.get("as_of", "").strip()
        if not raw:
            return today()
        try:
            return parse_date(raw)
        except RocDateError as error:
            self.as_of_error = str(error)
            return today()

    def render_to_response(self, context, **kwargs):
        if self.as_of_error:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


def camera_list_url(**params) -> str:
    """Return the camera list filtered by `params` (None values left out)."""
    query = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in params.items()}
    query = {k: v for k, v in query.items() if v is not None}
    return f"{reverse('cameras:camera_list')}?{urlencode(query)}"


class DashboardView(Requires, AsOfMixin, TemplateView):
    permission_required = "cameras.view_camera"
    template_name = "cameras/dashboard.html"

    def get_context_data(self, **kwargs):
        day = self.as_of()
        report = coverage(on=day)
        # The leases' cameras in service come from the report's batch rows: no second count.
        in_service = {row.pk: row.cameras for row in report.by_batch}

        def counted(batches):
            for batch in batches.order_by("lease_end", "code"):
                batch.in_service_count = in_service.get(batch.pk, 0)
                yield batch

        ended = [b for b in counted(Batch.objects.leases_ended(on=day)) if b.in_service_count]
        ending = list(counted(Batch.objects.leases_ending(on=day, within_days=ENDING_SOON_DAYS)))
        unknown_end = Batch.objects.filter(kind="lease", lease_end__isnull=True)
        return super().get_context_data(
            as_of=day,
            as_of_error=self.as_of_error,
            report=report,
            ended_leases=[(b, camera_list_url(batch=b.pk, in_service_on=day)) for b in ended],
            ending_leases=[
                (b, (b.lease_end - day).days, camera_list_url(batch=b.pk, in_service_on=day))
                for b in ending
            ],
            unknown_end_leases=unknown_end,
            past_life_count=past_service_life_count(on=day),
            past_life_url=camera_list_url(past_life_on=day),
            ending_soon_days=ENDING_SOON_DAYS,
            **_coverage_links(report, day),
            **kwargs,
        )


def _coverage_links(report, day):
    """Map each coverage row to the camera lists that its figures count."""

    def links(**scope):
        return {
            "cameras": camera_list_url(in_service_on=day, **scope),
            "lane": camera_list_url(in_service_on=day, is_lane="true", **scope),
            "lpr": camera_list_url(in_service_on=day, has_lpr="true", **scope),
        }

    return {
        "total_links": links(),
        "precinct_rows": [(row, links(precinct=row.pk)) for row in report.by_precinct],
        "batch_rows": [(row, links(batch=row.pk)) for row in report.by_batch],
    }


def ordered(queryset):
    """Return the queryset in its chosen order, else the model's, then by pk: stable pages.

    The camera list and its CSV file use this one rule, so they list rows in the same order.
    """
    order = list(queryset.query.order_by or queryset.model._meta.ordering)
    last = order[-1].lstrip("-") if order and isinstance(order[-1], str) else None
    unique = {f.name for f in queryset.model._meta.fields if f.unique}
    # A unique last key (asset tag, site code) is already stable; "pk" after it would keep
    # PostgreSQL from reading the order straight off its index.
    return queryset.order_by(*order) if last in unique else queryset.order_by(*order, "pk")


class FilteredListView(ListView):
    """A list narrowed by a FilterSet; a bad parameter gets the form's errors and status 400."""

    filterset_class = None
    paginate_by = 50
    paginator_class = RegisterPaginator
    page_error = ""  # set when the asked-for page does not exist

    def get_queryset(self):
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=super().get_queryset(), request=self.request
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.model.objects.none()
        return ordered(self.filterset.qs)

    def paginate_queryset(self, queryset, page_size):
        """A page that does not exist (?page=abc, 0, past the end) gets 400 and a message."""
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            self.page_error = _(
                "There is no page “%(page)s” in this list; pages are numbered from 1."
            ) % {"page": self.request.GET.get(self.page_kwarg, "")}
            paginator = self.get_paginator(queryset.none(), page_size)
            page = paginator.page(1)
            return paginator, page, page.object_list, False

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            filter=self.filterset, query_without_page=query.urlencode(), **kwargs
        )
        context["page_error"] = self.page_error  # known once the page was asked for
        return context

    def render_to_response(self, context, **kwargs):
        if (self.filterset.is_bound and not self.filterset.is_valid()) or self.page_error:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


class CameraListView(Requires, FilteredListView):
    permission_required = "cameras.view_camera"
    model = Camera
    filterset_class = CameraFilterSet
    queryset = Camera.objects.select_related("site", "precinct", "batch")


class CameraDetailView(Requires, DetailView):
    permission_required = "cameras.view_camera"
    model = Camera
    queryset = Camera.objects.select_related("site__precinct", "batch", "replaces")

    def get_context_data(self, **kwargs):
        camera = self.object
        return super().get_context_data(
            history=history_for(self.request, camera),
            predecessors=_chain(camera, "replaces"),
            successors=_chain(camera, "replaced_by"),
            lease_status=camera.batch.lease_status(today(), soon_days=ENDING_SOON_DAYS),
            **kwargs,
        )


def history_for(request, obj):
    """Return the object's recent changes for those who may read the history, else None."""
    if not request.user.has_perm("cameras.view_history"):
        return None
    return history.entries(obj)


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


class CameraCreateView(EditRequires, CreateView):
    model = Camera
    form_class = CameraForm
    permission_required = "cameras.add_camera"

    def form_valid(self, form):
        form.instance.data_source = DataSource.MANUAL
        return super().form_valid(form)


class CameraUpdateView(EditRequires, UpdateView):
    model = Camera
    form_class = CameraForm
    permission_required = "cameras.change_camera"


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
                if old.status == CameraStatus.RETIRED:
                    raise ValidationError(_("Camera %(tag)s is retired already.") % {"tag": old})
                if Camera.objects.filter(replaces=old).exists():  # checked again under the lock
                    raise ValidationError(
                        _("Camera %(tag)s has been replaced already.") % {"tag": old}
                    )
                old.status = CameraStatus.RETIRED
                old.retired_on = new.installed_on
                old.full_clean()
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
    queryset = Site.objects.select_related("precinct").with_camera_count()


class SiteDetailView(Requires, DetailView):
    permission_required = "cameras.view_site"
    model = Site
    queryset = Site.objects.select_related("precinct")

    def get_context_data(self, **kwargs):
        cameras = self.object.cameras.select_related("batch").order_by("installed_on", "asset_tag")
        cameras = list(cameras)  # a site has a handful
        day = today()
        in_service = [c for c in cameras if c.installed_on <= day and not _retired_by(c, day)]
        return super().get_context_data(
            cameras=cameras,
            in_service_count=len(in_service),
            history=history_for(self.request, self.object),
            **kwargs,
        )


def _retired_by(camera, day) -> bool:
    return camera.retired_on is not None and camera.retired_on <= day


class SiteCreateView(EditRequires, CreateView):
    model = Site
    form_class = SiteForm
    permission_required = "cameras.add_site"


class SiteUpdateView(EditRequires, UpdateView):
    model = Site
    form_class = SiteForm
    permission_required = "cameras.change_site"


class ReplacementPlannerView(Requires, AsOfMixin, TemplateView):
    """Cameras due for replacement, grouped by precinct and batch, each group a link."""

    template_name = "cameras/replacement_planner.html"
    permission_required = "cameras.view_camera"

    def get_context_data(self, **kwargs):
        day = self.as_of()
        sections = []
        for key, title, params in [
            ("past_life", _("Past their service life"), {"past_life_on": day}),
            ("lane_without_lpr", _("Lane cameras without LPR"),
             {"in_service_on": day, "is_lane": "true", "has_lpr": "false"}),
            ("ended_lease", _("On leases that have ended"), {"lease_ended_on": day}),
        ]:  # fmt: skip
            groups = replacement_plan(key, on=day)
            sections.append(
                {
                    "key": key,
                    "title": title,
                    "total": sum(g["camera_count"] for g in groups),
                    "url": camera_list_url(**params),
                    "groups": [
                        {
                            **g,
                            "url": camera_list_url(
                                precinct=g["precinct"], batch=g["batch"], **params
                            ),
                        }
                        for g in groups
                    ],
                }
            )
        return super().get_context_data(
            as_of=day, as_of_error=self.as_of_error, sections=sections, **kwargs
        )
