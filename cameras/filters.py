"""Filters for the camera and site lists; the filter state lives in the URL."""

import django_filters
from django import forms
from django.db.models import Q
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

from leases.models import Batch, BatchKind

from .fields import RocDateField
from .models import Camera, CameraStatus, Precinct, Site, SiteKind


class FilterForm(forms.Form):
    """The filter forms' widgets render through Jinja2: Django's own templates cost a list page
    about 3 ms for a dozen selects, Jinja2's the same markup in about a third of that."""

    default_renderer = Jinja2()


class ListedQueryIterator(forms.models.ModelChoiceIterator):
    """Read a short list of choices in one query: Django's .iterator() opens a server-side
    cursor on PostgreSQL, three round trips for a dozen precincts."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedChoiceIterator(django_filters.fields.ModelChoiceIterator, ListedQueryIterator):
    """django-filter's iterator (it adds the "none" choice) over ListedQueryIterator."""


class ListedChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoiceIterator


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedChoiceField


class RocDateFilter(django_filters.DateFilter):
    field_class = RocDateField


SEARCH_SITE_LIMIT = 20_000

YES_NO = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])


class YesNoField(forms.NullBooleanField):
    """true/false (or 1/0, yes/no); anything else is an error, not silently "any"."""

    widget = YES_NO
    values = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.values[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(
                _("Choose yes (true) or no (false)."), code="invalid"
            ) from None

    def validate(self, value):
        pass


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class CameraFilterSet(django_filters.FilterSet):
    """Every way staff narrow the camera list; the dashboard's links use the same names."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
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
    in_service_on = RocDateFilter(label=_("In service on"), method="filter_in_service_on")
    installed_from = RocDateFilter(
        label=_("Installed from"), field_name="installed_on", lookup_expr="gte"
    )
    installed_to = RocDateFilter(
        label=_("Installed until"), field_name="installed_on", lookup_expr="lte"
    )
    past_life_on = RocDateFilter(label=_("Past service life on"), method="filter_past_life_on")
    lease_ended_on = RocDateFilter(label=_("Lease ended before"), method="filter_lease_ended_on")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=[
            ("asset_tag", "asset_tag"),
            ("site__code", "site"),
            ("precinct__code", "precinct"),
            ("batch__code", "batch"),
            ("installed_on", "installed_on"),
            ("retired_on", "retired_on"),
            ("status", "status"),
        ],
    )

    class Meta:
        model = Camera
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        # The matching sites first (a trigram index on each column), then the cameras by asset
        # tag or site id: two index lookups instead of a join over every camera.
        sites = Site.objects.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(address__icontains=value)
        ).values_list("pk", flat=True)
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


class SiteFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    precinct = ListedChoiceFilter(label=_("Precinct"), queryset=Precinct.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SiteKind.choices)

    class Meta:
        model = Site
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(code__icontains=value) | Q(name__icontains=value) | Q(address__icontains=value)
        )
