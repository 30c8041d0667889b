"""Filters for the camera and site lists; the filter state lives in the URL."""

import django_filters
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from core.filters import (
    ListedChoiceFilter,
    OrderingFilter,
    RocDateFilter,
    SearchFilterSet,
    YesNoFilter,
)
from core.generic import today
from core.history import CHANGE_SET
from leases.models import Batch, BatchKind

from . import states
from .columns import SORTS
from .models import Camera, CameraStatus, CoverageRollup, Precinct, Site, SiteKind, Station
from .querysets import in_service_q

SEARCH_SITE_LIMIT = 20_000


def camera_list_url(**params) -> str:
    """Return the camera list filtered by `params` (None values left out; days in ISO)."""
    query = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in params.items()}
    query = {k: v for k, v in query.items() if v is not None}
    return f"{reverse('cameras:camera_list')}?{urlencode(query)}"


def figure_links(day, **scope) -> dict[str, str]:
    """Return the camera lists behind a row of coverage figures on `day`: its cameras in
    service, lane cameras and LPR cameras, within `scope` (precinct=, station=, batch= codes)."""
    return {
        "cameras": camera_list_url(in_service_on=day, **scope),
        "lane": camera_list_url(in_service_on=day, is_lane="true", **scope),
        "lpr": camera_list_url(in_service_on=day, has_lpr="true", **scope),
    }


def search_sites(queryset, value: str):
    """Return the sites whose code, name or address holds `value` (trigram indexes on each)."""
    return queryset.filter(
        Q(code__icontains=value) | Q(name__icontains=value) | Q(address__icontains=value)
    )


# The list's filters that the coverage roll-up has as its own columns: name → its lookup there.
ROLLUP_FILTERS = {
    "precinct": "precinct", "station": "station", "batch": "batch", "kind": "batch__kind",
    "is_lane": "is_lane", "has_lpr": "has_lpr",
}  # fmt: skip


class CameraFilterSet(SearchFilterSet):
    """Every way staff narrow the camera list; the dashboard's links use the same names.

    ?as_of= keeps the cameras in service that day, as ?in_service_on= does: the day every page
    and file of the register takes, so a link or bookmark means the same on the list and in
    its CSV.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search_text",
        help_text=_("Asset tag; site, precinct or batch by code or name; address"),
    )
    precinct = ListedChoiceFilter(label=_("Precinct"), queryset=Precinct.objects.all())
    station = ListedChoiceFilter(label=_("Police station"), queryset=Station.objects.all())
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
    in_service = YesNoFilter(label=_("In service"), method="filter_in_service")
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
    lease_ends_from = RocDateFilter(
        label=_("Lease ends from"), field_name="batch__lease_end", lookup_expr="gte"
    )
    lease_ends_to = RocDateFilter(
        label=_("Lease ends until"), field_name="batch__lease_end", lookup_expr="lte"
    )
    change_set = django_filters.CharFilter(
        label=_("Change set"),
        method="filter_change_set",
        validators=[CHANGE_SET],
        help_text=_("The cameras an import or a bulk edit changed (import-5, bulk-3)"),
    )
    sort = OrderingFilter(
        label=_("Sort by"),
        fields=[*SORTS, ("batch__lease_end", "lease_end")],
        field_labels={"batch__lease_end": _("Lease end")},
        empty_last=["batch__lease_end"],
    )

    class Meta(SearchFilterSet.Meta):
        model = Camera

    # The filters that ask what a camera was: on a list's day, its period then answers them.
    STATE_FILTERS = ("precinct", "station", "site", "batch", "kind", "is_lane", "has_lpr")

    def filter_queryset(self, queryset):
        """On a list's day (?as_of= or ?in_service_on=), filter each camera in service then as
        it was then: its precinct, site, batch, lane and LPR on that day, through its period.

        Those filters go into one filter() call with the period's join: django-filter calls
        filter() once per filter, and each call on a multi-valued relation joins it anew (three
        joins of the periods for a precinct and LPR: 1.7 s to count at 1M cameras; one: 0.7 s)."""
        day = self.as_it_was_on()
        if not day:
            return super().filter_queryset(queryset)
        lookups = {}
        for name in self.STATE_FILTERS:
            value, state_filter = self.form.cleaned_data.get(name), self.filters[name]
            if value is not None and value != "":
                lookup = f"{state_filter.field_name}__{state_filter.lookup_expr}"
                lookups[states.dated_lookup(lookup)] = value
        queryset = states.on_day(queryset, day, **lookups)
        self.filters["sort"].rename = states.dated_lookup  # by site, precinct, batch then
        for name, value in self.form.cleaned_data.items():  # as django-filter does, but those
            if name not in self.STATE_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def rollup_count(self) -> int | None:
        """Return how many cameras the list holds, from the coverage roll-up, when its filters
        are all the roll-up's own (a day, precinct, station, batch, kind, lane, LPR); else None.

        Counting the periods of a past day at a million cameras takes seconds; the roll-up's
        sum over its rows of that day is exact and takes milliseconds.
        """
        cleaned = getattr(self.form, "cleaned_data", None)
        day = self.as_it_was_on()
        if not day or cleaned is None:
            return None
        used = {name for name, value in cleaned.items() if value not in (None, "")}
        if used - {"as_of", "in_service_on", "in_service", "sort", *ROLLUP_FILTERS}:
            return None
        rows = CoverageRollup.objects.filter(states.on_day_q(day))
        for name, lookup in ROLLUP_FILTERS.items():
            if name in used:
                value = cleaned[name]
                rows = rows.filter(**{lookup: value.pk if name == "station" else value})
        return rows.aggregate(n=Sum("camera_count"))["n"] or 0

    def search(self, queryset, value):
        """Cameras whose asset tag holds the text, or whose site, precinct or batch it names
        (precincts and batches by their code exactly: "108" or two letters would match half
        the register; by any part of their name)."""
        # The matching sites first (a trigram index on each column), then the cameras by asset
        # tag or site id: index lookups instead of a join over every camera.
        sites = search_sites(Site.objects.all(), value).values_list("pk", flat=True)
        site_ids = list(sites[: SEARCH_SITE_LIMIT + 1])
        if len(site_ids) > SEARCH_SITE_LIMIT:
            site_ids = sites  # a very common word: let the database join instead
        precincts = Precinct.objects.filter(Q(code__iexact=value) | Q(name__icontains=value))
        batches = Batch.objects.filter(Q(code__iexact=value) | Q(name__icontains=value))
        return queryset.filter(
            Q(asset_tag__icontains=value)
            | Q(site_id__in=site_ids)
            | Q(precinct__in=precincts.values("pk"))
            | Q(batch__in=batches.values("pk"))
        )

    def filter_in_service(self, queryset, name, value):
        """In service (or not) on the list's day: ?as_of= or ?in_service_on=, else today."""
        day = self.day() or today()
        return queryset.in_service(on=day) if value else queryset.exclude(in_service_q(day))

    def filter_in_service_on(self, queryset, name, value):
        if self.form.cleaned_data.get("in_service") is False:
            return queryset  # the day only names the day: filter_in_service keeps the others
        return queryset.in_service(on=value)

    def filter_past_life_on(self, queryset, name, value):
        return queryset.past_service_life(on=value)

    def filter_lease_ended_on(self, queryset, name, value):
        return queryset.on_ended_leases(on=value)

    def filter_change_set(self, queryset, name, value):
        """The cameras whose history holds a row of that change set (an index on the key)."""
        return queryset.filter(pk__in=Camera.history.filter(change_set=value).values("id"))

    def day(self):
        """Return the day the list is for (?as_of=, else ?in_service_on=), None for no day."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return cleaned.get("as_of") or cleaned.get("in_service_on")

    def as_it_was_on(self):
        """Return the day whose state the list shows (?as_of= or ?in_service_on=), None for
        the cameras as they are: the cameras not in service that day include ones not
        installed yet, which had no state then."""
        cleaned = getattr(self.form, "cleaned_data", {})
        return self.day() if cleaned.get("in_service") is not False else None

    def scope(self) -> tuple[str, object]:
        """Return which cameras the list holds, and on which day: ("all", None), ("in_service",
        day) or ("not_in_service", day). Every day filter but the install range keeps only
        cameras in service."""
        cleaned = getattr(self.form, "cleaned_data", {})
        day = self.day() or cleaned.get("past_life_on") or cleaned.get("lease_ended_on")
        if cleaned.get("in_service") is False:
            return "not_in_service", self.day() or today()
        if day or cleaned.get("in_service"):
            return "in_service", day or today()
        return "all", None


class SiteFilterSet(SearchFilterSet):
    precinct = ListedChoiceFilter(label=_("Precinct"), queryset=Precinct.objects.all())
    station = ListedChoiceFilter(label=_("Police station"), queryset=Station.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)

    class Meta(SearchFilterSet.Meta):
        model = Site

    def search(self, queryset, value):
        return search_sites(queryset, value)
