"""Filter pieces every list shares: fast choice lists, ROC dates, yes/no, Jinja2 widgets."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.forms.renderers import Jinja2
from django.utils.translation import gettext_lazy as _

from .forms import DATE_HELP, RocDateField, YesNoField

NOT_A_CHOICE = _("“%(value)s” is not one of the choices: pick one from the list.")
NOT_A_SORT = _("“%(value)s” is not a column the list sorts by: click a column heading.")


class FilterForm(forms.Form):
    """The filter forms' widgets render through Jinja2: Django's own templates cost a list page
    about 3 ms for a dozen selects, Jinja2's the same markup in about a third of that."""

    default_renderer = Jinja2()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # the app's words, not Django's stock ones
            if isinstance(field, forms.ChoiceField) and not isinstance(field, ListedChoiceField):
                field.error_messages["invalid_choice"] = (
                    NOT_A_SORT if name == "sort" else NOT_A_CHOICE
                )

    def date_help(self) -> str:
        """Return how to write a day, said once above the filters when some filter is one."""
        dated = any(isinstance(field, RocDateField) for field in self.fields.values())
        return DATE_HELP if dated else ""


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
    """A choice named by its code in the URL (?precinct=ZL, in any case); an id still works,
    as the links and bookmarks made before the codes have it."""

    iterator = ListedChoiceIterator
    default_error_messages = {
        "invalid_choice": _(
            "“%(value)s” is not a %(what)s of the register: pick one from the list."
        )
    }

    def to_python(self, value):
        if value in self.empty_values or (self.null_label is not None and value == self.null_value):
            return super().to_python(value)
        key = str(value).strip()
        lookup = Q(**{f"{self.to_field_name}__iexact": key})
        if key.isdigit() and len(key) < 19:  # an id: within the database's bigint
            lookup |= Q(pk=int(key))
        found = list(self.queryset.filter(lookup)[:3])  # one query, whichever it names
        by_code = [o for o in found if str(getattr(o, self.to_field_name)).upper() == key.upper()]
        if len(by_code or found) == 1:
            return (by_code or found)[0]
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice",
            params={"value": key, "what": self.queryset.model._meta.verbose_name},
        )  # fmt: skip


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    """A list's filter by a short list of things with codes (precincts, batches)."""

    field_class = ListedChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


class RocDateFilter(django_filters.DateFilter):
    field_class = RocDateField


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class OrderingFilter(django_filters.OrderingFilter):
    """A list's ?sort=; the columns named in `empty_last` put their empty values last either
    way, on every database (PostgreSQL sorts NULL last going up, SQLite first). Only those: a
    descending sort with NULLS LAST cannot walk a plain index backwards."""

    def __init__(self, *args, empty_last=(), **kwargs):
        self.empty_last = frozenset(empty_last)
        self.rename = None  # a FilterSet may sort through another relation: lookup -> lookup
        super().__init__(*args, **kwargs)

    def get_ordering_value(self, param):
        value = super().get_ordering_value(param)
        name = value.lstrip("-")
        descending, empty_last = value[0] == "-", name in self.empty_last
        if self.rename is not None:
            name = self.rename(name)
            value = f"-{name}" if descending else name
        if not empty_last:
            return value
        return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)


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
