"""Filters for the camera and site lists; the filter state lives in the URL."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.filters import ListedChoiceFilter, RocDateFilter, SearchFilterSet, YesNoFilter
from leases.models import Batch, BatchKind

from .columns import SORTS
from .models import Camera, CameraStatus, Precinct, Site, SiteKind

SEARCH_SITE_LIMIT = 20_000


def camera_list_url(**params) -> str:
    """Return the camera list filtered by `params` (None values left out; days in ISO)."""
    query = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in params.items()}
    query = {k: v for k, v in query.items() if v is not None}
    return f"{reverse('cameras:camera_list')}?{urlencode(query)}"


def search_sites(queryset, value: str):
    """Return the sites whose code, name or address holds `value` (trigram indexes on each)."""
    return queryset.filter(
        Q(code__icontains=value) | Q(name__icontains=value) | Q(address__icontains=value)
    )


class CameraFilterSet(SearchFilterSet):
    """Every way staff narrow the camera list; the dashboard's links use the same names.

    ?as_of= keeps the cameras in service that day, as ?in_service_on= does: the day every page
    and file of the register takes, so a link or bookmark means the same on the list and in
    its CSV.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search_text",
        help_text=_("Asset tag, site code, site name or address"),
    )
    precinct = ListedChoiceFilter(label=_("Precinct"), queryset=Precinct.objects.all())
    site = django_filters.CharFilter(
        label=_("Site code"), field_name="site__code", lookup_expr="iexact"
    )
    batch = ListedChoiceFilter(label=_("Batch"), queryset=Batch.objects.all())
    kind = django_filters.ChoiceFilter(
        label=_("Self-built or leased"), field_name="batch__kind", choices=BatchKind.choices
    )
    is_lane = YesNoFilter(label=_("Lane camera"))
    has_lpr = YesNoFilter(label=_("LPR"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CameraStatus.choices)
    as_of = RocDateFilter(label=_("As of"), method="filter_in_service_on")
    in_service_on = RocDateFilter(label=_("In service on"), method="filter_in_service_on")
    installed_from = RocDateFilter(
        label=_("Installed from"), field_name="installed_on", lookup_expr="gte"
    )
    installed_to = RocDateFilter(
        label=_("Installed until"), field_name="installed_on", lookup_expr="lte"
    )
    past_life_on = RocDateFilter(label=_("Past service life on"), method="filter_past_life_on")
    lease_ended_on = RocDateFilter(label=_("Lease ended before"), method="filter_lease_ended_on")
    sort = django_filters.OrderingFilter(label=_("Sort by"), fields=SORTS)

    class Meta(SearchFilterSet.Meta):
        model = Camera

    def search(self, queryset, value):
        # The matching sites first (a trigram index on each column), then the cameras by asset
        # tag or site id: two index lookups instead of a join over every camera.
        sites = search_sites(Site.objects.all(), value).values_list("pk", flat=True)
        site_ids = list(sites[: SEARCH_SITE_LIMIT + 1])
        if len(site_ids) > SEARCH_SITE_LIMIT:
            site_ids = sites  # a very common word: let the database join instead
        return queryset.filter(Q(asset_tag__icontains=value) | Q(site_id__in=site_ids))

    def filter_in_service_on(self, queryset, name, value):
        return queryset.in_service(on=value)

    def filter_past_life_on(self, queryset, name, value):
        return queryset.past_service_life(on=value)

    def filter_lease_ended_on(self, queryset, name, value):
        return queryset.on_ended_leases(on=value)

    def day(self):
        """Return the day the list is for (?as_of=, else ?in_service_on=), None for no day."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return cleaned.get("as_of") or cleaned.get("in_service_on")


class SiteFilterSet(SearchFilterSet):
    precinct = ListedChoiceFilter(label=_("Precinct"), queryset=Precinct.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)

    class Meta(SearchFilterSet.Meta):
        model = Site

    def search(self, queryset, value):
        return search_sites(queryset, value)
