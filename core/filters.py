"""Filter pieces every list shares: fast choice lists, ROC dates, yes/no, Jinja2 widgets."""

import django_filters
from django import forms
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

from .forms import RocDateField, YesNoField


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


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class SearchFilterSet(django_filters.FilterSet):
    """A list's filters with a free-text `q`: surrounding blanks ignored, an empty one no filter.

    Subclasses say what a text matches in `search(queryset, value)`; their Meta inherits this
    one's (`class Meta(SearchFilterSet.Meta)`) for the Jinja2-rendered form.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search_text")

    class Meta:
        fields = []
        form = FilterForm

    def search_text(self, queryset, name, value):
        value = value.strip()
        return self.search(queryset, value) if value else queryset

    def search(self, queryset, value: str):
        raise NotImplementedError
