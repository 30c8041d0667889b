"""The base views every app builds on: a page for a day, a filtered list, a CSV download.

Each applies its rule once for the page and its file: the as-of day through one form
(core.forms.AsOfForm), a list's filters through one FilterSet and one order (`filtered`), and
a bad parameter as a 400 with the form's message in the user's language.
"""

import datetime
from collections.abc import Iterator

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from .csvfile import csv_response, recorded
from .filters import ListedChoiceField
from .forms import AsOfForm, RocDateField
from .models import ExportRecord
from .pagination import RegisterPaginator
from .permissions import Requires
from .yesno import parse_yes_no

EXPORT_PERMISSION = "core.export_csv"


def today() -> datetime.date:
    """Return today in the department's time zone (Asia/Taipei)."""
    return timezone.localdate()


class BadParameter(ValueError):
    """A query parameter a file cannot honour; the message is for the user."""


def form_errors(form) -> str:
    """Return a form's errors as lines of "label: message", for a 400 in place of a file."""
    return "\n".join(
        f"{form.fields[name].label if name in form.fields else name}: {error}"
        for name, errors in form.errors.items()
        for error in errors
    )


def date_param(params, name: str) -> datetime.date | None:
    """Return the day in ?<name>= (ROC or ISO), None when absent; a bad day is a BadParameter."""
    try:
        return RocDateField(required=False).clean(params.get(name, "").strip())
    except ValidationError as error:
        raise BadParameter(f"{name}: {error.messages[0]}") from None


def as_of_param(params) -> datetime.date:
    """Return the file's day from ?as_of= (today when absent); a bad day is a BadParameter."""
    form = AsOfForm(params)
    if not form.is_valid():
        raise BadParameter(form_errors(form))
    return form.cleaned_data["as_of"] or today()


def bom_wanted(params) -> bool:
    """Read ?bom=: a byte-order mark unless it is a no."""
    value = params.get("bom", "").strip()
    try:
        return not value or parse_yes_no(value)
    except ValueError:
        raise BadParameter(_("bom: write 1 for a byte-order mark or 0 for none.")) from None


class AsOfMixin:
    """A page for a day (?as_of=, ROC or ISO; today in Asia/Taipei when empty).

    `figures(day)` adds the page's figures to its context. A bad day answers 400 with the
    message beside the box, which keeps what was typed, and no figures at all: never today's
    figures under a day that was not understood.
    """

    def figures(self, day: datetime.date) -> dict:
        return {}

    @cached_property
    def as_of_form(self) -> AsOfForm:
        return AsOfForm(self.request.GET)

    @cached_property
    def as_of(self) -> datetime.date | None:
        """Return the chosen day, or None when it could not be read."""
        if not self.as_of_form.is_valid():
            return None
        return self.as_of_form.cleaned_data["as_of"] or today()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        errors = self.as_of_form.errors.get("as_of")
        context.update(as_of=self.as_of, as_of_form=self.as_of_form, as_of_error=errors)
        if self.as_of is not None:
            context.update(self.figures(self.as_of))
        return context

    def render_to_response(self, context, **kwargs):
        if self.as_of is None:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)


def ordered(queryset):
    """Return the queryset in its chosen order, else the model's, made total by the pk.

    As Django's admin does (ChangeList._get_deterministic_ordering): unless a key already tells
    every row apart (the pk, or a unique column that is never empty), the pk breaks ties, so
    pages and files list equal rows in one order on every database. A list page and its CSV
    use this one rule.
    """
    order = list(queryset.query.order_by or queryset.model._meta.ordering)
    if _is_total(queryset.model, order):
        return queryset.order_by(*order)
    return queryset.order_by(*order, "pk")


def _is_total(model, order) -> bool:
    opts = model._meta
    for key in order:
        if not isinstance(key, str):
            continue
        name = key.lstrip("-")
        if name in ("pk", opts.pk.name):
            return True
        if "__" in name:
            continue
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:  # an annotation: it says nothing about uniqueness
            continue
        if field.unique and not field.null:
            return True
    return False


def filtered(filterset_class, params, queryset, request=None):
    """Return (the filtered, ordered queryset, the FilterSet) for `params`.

    The one way a list and its CSV narrow rows. A bad parameter gives no rows; the FilterSet's
    form says why.
    """
    filterset = filterset_class(params or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        return queryset.none(), filterset
    return ordered(filterset.qs), filterset


class FilteredListView(ListView):
    """A list narrowed by a FilterSet; a bad parameter gets the form's errors and status 400."""

    filterset_class = None
    paginate_by = 50
    paginator_class = RegisterPaginator
    page_error = ""  # set when the asked-for page does not exist

    def get_queryset(self):
        queryset, self.filterset = filtered(
            self.filterset_class, self.request.GET, super().get_queryset(), self.request
        )
        return queryset

    def known_count(self) -> int | None:
        """Return the exact number of matches when it is known without counting the rows."""
        return None

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.known_count = self.known_count()
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """A page that does not exist (?page=abc, 0, past the end) gets 400 and a message, and
        the list still says how many rows match (on no rows: the page asked for has none)."""
        try:
            return super().paginate_queryset(queryset, page_size)
        except Http404:
            paginator = self.get_paginator(queryset, page_size)
            page = paginator.page(1)
            self.page_error = _(
                "There is no page “%(page)s” in this list; pages are numbered from 1 to "
                "%(last)s."
            ) % {"page": self.request.GET.get(self.page_kwarg, ""),
                 "last": f"{paginator.num_pages:,}"}  # fmt: skip
            return paginator, page, [], False

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = super().get_context_data(
            filter=self.filterset, query_without_page=query.urlencode(), **kwargs
        )
        context["page_error"] = self.page_error  # known once the page was asked for
        return context

    def render_to_response(self, context, **kwargs):
        if self.filterset.errors or self.page_error:
            kwargs["status"] = 400
        elif canonical := self.canonical_query():
            return redirect(f"{self.request.path}?{canonical}")
        return super().render_to_response(context, **kwargs)

    def canonical_query(self) -> str:
        """Return the query with codes as the app writes them, if the URL named a choice by
        its id or in another case (an old bookmark, ?precinct=zl), else "": the filter form
        then shows the choice it filters by, and the URL reads."""
        form, changed = self.filterset.form, False
        cleaned = getattr(form, "cleaned_data", {})  # none for a list without filters
        query = self.request.GET.copy()
        for name, field in form.fields.items():
            chosen = cleaned.get(name)
            code_field = getattr(field, "to_field_name", None)
            if not isinstance(field, ListedChoiceField) or chosen is None or not code_field:
                continue
            code = str(getattr(chosen, code_field))
            if query.get(name) != code:
                query[name], changed = code, True
        return query.urlencode() if changed else ""


class CsvView(Requires, View):
    """A CSV download; subclasses return (file name, chunks). A bad parameter is a 400.

    Bulk downloads need the export permission (auditors, editors, administrators), and each one
    is recorded: who, which file, which filters, and — once the last byte has left — how many
    rows.
    """

    http_method_names = ["get", "head"]
    permission_required = EXPORT_PERMISSION

    def get(self, request, *args, **kwargs):
        try:
            filename, chunks = self.export(request.GET, bom=bom_wanted(request.GET), **kwargs)
        except BadParameter as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        if request.method == "HEAD":  # the headers only: no file leaves, none is recorded
            return csv_response(iter(()), filename)
        record = ExportRecord.objects.create(
            user=request.user,
            path=request.path[:300],
            query=request.GET.urlencode(),
            file_name=filename[:255],
        )
        return csv_response(recorded(chunks, record), filename)

    def export(self, params, *, bom: bool, **kwargs) -> tuple[str, Iterator[bytes]]:
        raise NotImplementedError

    @staticmethod
    def filtered(filterset_class, params, queryset):
        """Return the list page's rows for `params`; a bad filter is a BadParameter."""
        rows, filterset = filtered(filterset_class, params, queryset)
        if filterset.errors:
            raise BadParameter(form_errors(filterset.form))
        return rows, filterset
