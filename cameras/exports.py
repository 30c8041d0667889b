"""CSV downloads of the camera and site lists and the coverage and replacement reports.

Each file holds what its page shows with the same parameters: the lists go through the page's
FilterSet, the reports call the page's report function. Files stream (StreamingHttpResponse over a
generator); the camera export on PostgreSQL is COPY … TO STDOUT read in chunks, elsewhere a
values_list() iterator through csv.writer, and both give the same bytes.
"""

import datetime
from collections.abc import Iterator

from django.db import connection
from django.db.models import F
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from . import history
from .csvfile import (
    CAMERA_COLUMNS,
    COVERAGE_COLUMNS,
    SqlBool,
    SqlDate,
    SqlDecimal,
    SqlRocDate,
    SqlText,
    bool_cell,
    crlf_records,
    csv_chunks,
    csv_response,
    date_cell,
    decimal_cell,
    header_chunk,
    number_cell,
    pg_copy,
    roc_cell,
    row_chunks,
    text_cell,
)
from .filters import CameraFilterSet, SiteFilterSet
from .models import ExportRecord, ImportRecord, Precinct
from .permissions import Requires
from .reports import coverage
from .roc import RocDateError, parse_date
from .views import (
    AsOfMixin,
    CameraListView,
    ReplacementPlannerView,
    SiteListView,
    ordered,
    today,
)

ITERATOR_CHUNK = 2000

# column -> (lookup, kind); the order is CAMERA_COLUMNS'
CAMERA_SOURCES = {
    "asset_tag": ("asset_tag", "text"),
    "site": ("site__code", "text"),
    "precinct": ("site__precinct__code", "text"),
    "batch": ("batch__code", "text"),
    "is_lane": ("is_lane", "bool"),
    "has_lpr": ("has_lpr", "bool"),
    "installed_on": ("installed_on", "date"),
    "retired_on": ("retired_on", "date"),
    "status": ("status", "text"),
    "site_name": ("site__name", "text"),
    "batch_name": ("batch__name", "text"),
    "latitude": ("site__latitude", "decimal"),
    "longitude": ("site__longitude", "decimal"),
    "has_vehicle_attributes": ("has_vehicle_attributes", "bool"),
    "has_trajectory": ("has_trajectory", "bool"),
    "has_target_alert": ("has_target_alert", "bool"),
    "resolution_mp": ("resolution_mp", "decimal"),
    "replaces": ("replaces__asset_tag", "text"),
    "installed_on_roc": ("installed_on", "roc"),
    "retired_on_roc": ("retired_on", "roc"),
    "data_source": ("data_source", "text"),
    "precinct_name": ("site__precinct__name", "text"),
}
PYTHON_CELLS = {
    "text": text_cell,
    "bool": bool_cell,
    "date": date_cell,
    "roc": roc_cell,
    "decimal": decimal_cell,
}
SQL_CELLS = {
    "text": SqlText,
    "bool": SqlBool,
    "date": SqlDate,
    "roc": SqlRocDate,
    "decimal": SqlDecimal,
}
# column -> (lookup, cell)
SITE_SOURCES = {
    "code": ("code", text_cell),
    "name": ("name", text_cell),
    "precinct": ("precinct__code", text_cell),
    "precinct_name": ("precinct__name", text_cell),
    "kind": ("kind", text_cell),
    "address": ("address", text_cell),
    "latitude": ("latitude", decimal_cell),
    "longitude": ("longitude", decimal_cell),
    "cameras": ("camera_count", number_cell),
}
REPLACEMENT_COLUMNS = ("section", "precinct", "precinct_name", "batch", "cameras")


def recorded(chunks, record):
    """Pass the file through, counting its records; note the count when the file is complete.

    A record ends at a line break outside quotes (a quoted cell may hold one). A download cut
    short keeps no count, which is itself worth seeing.
    """
    lines, quoted = 0, False
    for chunk in chunks:
        if b'"' not in chunk and not quoted:
            lines += chunk.count(b"\n")
        else:
            parts = chunk.split(b'"')
            lines += sum(parts[i].count(b"\n") for i in range(1 if quoted else 0, len(parts), 2))
            quoted ^= len(parts) % 2 == 0
        yield chunk
    record.row_count = max(lines - 1, 0)  # less the header
    record.finished_at = timezone.now()
    record.save(update_fields=["row_count", "finished_at"])


class BadParameter(ValueError):
    """A query parameter the export cannot honour; the message is for the user."""


def bom_wanted(params) -> bool:
    """Read ?bom=: a byte-order mark unless it is 0 (or false, no)."""
    value = params.get("bom", "1").strip().lower()
    if value in {"1", "true", "yes", ""}:
        return True
    if value in {"0", "false", "no"}:
        return False
    raise BadParameter(_("bom: write 1 for a byte-order mark or 0 for none."))


def day_param(params, name: str = "as_of") -> datetime.date | None:
    """Read a day (ROC or ISO) from the query, or None when it is absent."""
    raw = params.get(name, "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw)
    except RocDateError as error:
        raise BadParameter(f"{name}: {error}") from None


def page_context(view_class, request, **kwargs) -> dict:
    """Return the context a page renders for `request`: its figures, for a CSV of the page.

    For pages whose figures the view itself computes, so that the file cannot differ from them.
    """
    view = view_class()
    view.setup(request, **kwargs)
    return view.get_context_data(**kwargs)


def filtered(filterset_class, params, queryset):
    """Return the FilterSet's queryset for `params`, as the list page narrows it.

    The page's order (its ?sort=, else the model's ordering), then the primary key, so the file
    is stable. A bad value raises BadParameter with the form's messages.
    """
    filterset = filterset_class(params or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        messages = [
            f"{filterset.form.fields[name].label if name in filterset.form.fields else name}: "
            f"{error}"
            for name, errors in filterset.form.errors.items()
            for error in errors
        ]
        raise BadParameter("\n".join(messages))
    return ordered(filterset.qs), filterset


class CsvView(Requires, View):
    """A CSV download; subclasses return (file name, chunks). A bad parameter is a 400.

    Bulk downloads need the export permission (auditors, editors, administrators), and each one
    is recorded: who, which file, which filters, and — once the last byte has left — how many
    rows.
    """

    http_method_names = ["get", "head"]
    permission_required = "cameras.export_csv"

    def get(self, request, *args, **kwargs):
        try:
            filename, chunks = self.export(request.GET, bom=bom_wanted(request.GET), **kwargs)
        except BadParameter as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        record = ExportRecord.objects.create(
            user=request.user,
            path=request.path[:300],
            query=request.GET.urlencode(),
            file_name=filename[:255],
        )
        return csv_response(recorded(chunks, record), filename)

    def export(self, params, *, bom: bool, **kwargs) -> tuple[str, Iterator[bytes]]:
        raise NotImplementedError


# --- cameras --------------------------------------------------------------------------------


def camera_queryset(params) -> tuple:
    """Return the cameras the list shows for `params`, and the file's day.

    ?as_of= keeps the cameras in service that day; every filter of the camera list applies too.
    """
    as_of = day_param(params)
    cameras, filterset = filtered(CameraFilterSet, params, CameraListView.queryset.all())
    if as_of:
        cameras = cameras.in_service(on=as_of)
    cleaned = getattr(filterset.form, "cleaned_data", {})
    day = as_of or cleaned.get("in_service_on") or today()
    return cameras, day


def camera_csv(cameras, *, bom: bool = True, copy: bool | None = None) -> Iterator[bytes]:
    """Yield the camera export of `cameras` (an ordered queryset).

    `copy` chooses PostgreSQL's COPY path (the default there) or the portable one.
    """
    yield header_chunk(CAMERA_COLUMNS, bom=bom)
    if copy is None:
        copy = connection.vendor == "postgresql"
    if copy:
        yield from crlf_records(_copy_out(cameras))
    else:
        yield from row_chunks(_camera_rows(cameras))


def _camera_rows(cameras) -> Iterator[list[str]]:
    lookups = list(dict.fromkeys(lookup for lookup, _kind in CAMERA_SOURCES.values()))
    cells = [
        (PYTHON_CELLS[kind], lookups.index(lookup))
        for lookup, kind in (CAMERA_SOURCES[column] for column in CAMERA_COLUMNS)
    ]
    for row in cameras.values_list(*lookups).iterator(chunk_size=ITERATOR_CHUNK):
        yield [to_cell(row[index]) for to_cell, index in cells]


def camera_select(cameras) -> tuple[str, tuple]:
    """Return the SELECT (and its parameters) of the camera export's cells, formatted in SQL.

    It is the filtered queryset's own query, compiled by Django, with every cell written as
    csvfile's rules say.
    """
    columns = [
        SQL_CELLS[kind](F(lookup))
        for lookup, kind in (CAMERA_SOURCES[column] for column in CAMERA_COLUMNS)
    ]
    return cameras.values_list(*columns).query.sql_with_params()


def _copy_out(cameras) -> Iterator[bytes]:
    """Yield COPY's records (LF-terminated) for the cameras."""
    select, params = camera_select(cameras)
    sql = f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as cursor, pg_copy(cursor, sql, params) as copy:
        yield from copy


class CameraExportView(CsvView):
    def export(self, params, *, bom):
        cameras, day = camera_queryset(params)
        return f"cameras_{day.isoformat()}.csv", camera_csv(cameras, bom=bom)


# --- sites ----------------------------------------------------------------------------------


def site_rows(sites) -> Iterator[list[str]]:
    lookups, cells = zip(*SITE_SOURCES.values(), strict=True)
    for row in sites.values_list(*lookups).iterator(chunk_size=ITERATOR_CHUNK):
        yield [to_cell(value) for to_cell, value in zip(cells, row, strict=True)]


class SiteExportView(CsvView):
    def export(self, params, *, bom):
        sites, _filterset = filtered(SiteFilterSet, params, SiteListView.queryset.all())
        return f"sites_{today().isoformat()}.csv", csv_chunks(
            list(SITE_SOURCES), site_rows(sites), bom=bom
        )


# --- coverage -------------------------------------------------------------------------------


def coverage_rows(report) -> Iterator[list[str]]:
    """Yield the coverage report's rows: the whole register, each precinct, each batch.

    After the published columns: the precinct's or batch's code, and the lane cameras with LPR
    (the numerator of lpr_of_lane_pct).
    """
    for row in report.rows():
        yield [
            row.scope,
            text_cell(row.name),
            number_cell(row.cameras),
            number_cell(row.lane),
            number_cell(row.lpr),
            decimal_cell(row.lpr_pct),
            decimal_cell(row.lpr_of_lane_pct),
            text_cell(row.code),
            number_cell(row.lane_lpr),
        ]


COVERAGE_EXPORT_COLUMNS = (*COVERAGE_COLUMNS, "code", "lane_lpr")


class CoverageExportView(CsvView):
    def export(self, params, *, bom):
        day = day_param(params) or today()
        report = coverage(on=day)
        return f"coverage_{day.isoformat()}.csv", csv_chunks(
            COVERAGE_EXPORT_COLUMNS, coverage_rows(report), bom=bom
        )


class CoverageReportView(Requires, AsOfMixin, TemplateView):
    """The coverage report as a page: the same rows as its CSV file, from coverage()."""

    template_name = "reports/coverage.html"
    permission_required = "cameras.view_camera"

    def get_context_data(self, **kwargs):
        day = self.as_of()
        return super().get_context_data(
            as_of=day, as_of_error=self.as_of_error, report=coverage(on=day), **kwargs
        )


# --- replacement planner --------------------------------------------------------------------


def replacement_rows(sections: list[dict]) -> Iterator[list[str]]:
    """Yield the planner's groups (the page's context sections), section by section."""
    precinct_codes = dict(Precinct.objects.values_list("pk", "code"))
    for section in sections:
        for group in section["groups"]:
            yield [
                section["key"],
                text_cell(precinct_codes.get(group["precinct"])),
                text_cell(group["precinct__name"]),
                text_cell(group["batch__code"]),
                number_cell(group["camera_count"]),
            ]


class ReplacementExportView(CsvView):
    """The replacement planner, from the context its page renders: the two cannot disagree."""

    def export(self, params, *, bom):
        day_param(params)  # a bad ?as_of= is a 400 here, where the page falls back to today
        page = page_context(ReplacementPlannerView, self.request)
        return f"replacements_{page['as_of'].isoformat()}.csv", csv_chunks(
            REPLACEMENT_COLUMNS, replacement_rows(page["sections"]), bom=bom
        )


# --- the change history, for auditors --------------------------------------------------------


class HistoryExportView(CsvView):
    """Every recorded change, one row per changed field (?since= &until= &user= &type=)."""

    permission_required = "cameras.view_history"

    def export(self, params, *, bom):
        rows = history.history_rows(**history_filters(params))
        return f"history_{today().isoformat()}.csv", csv_chunks(
            history.HISTORY_COLUMNS, rows, bom=bom
        )


def history_filters(params) -> dict:
    """Read the history file's filters (?since= &until= &user= &type=); refuse bad ones."""
    since, until = day_param(params, "since"), day_param(params, "until")
    if since and until and since > until:
        raise BadParameter(_("since: the first day comes after the last (until)."))
    known = list(history.history_types())
    types = [t.strip() for t in params.get("type", "").split(",") if t.strip()] or known
    unknown = [t for t in types if t not in known]
    if unknown:
        raise BadParameter(
            _("type: %(types)s is not one of %(known)s.")
            % {"types": ", ".join(unknown), "known": ", ".join(known)}
        )
    username = params.get("user", "").strip() or None
    return {"types": types, "since": since, "until": until, "username": username}


class AuditView(Requires, TemplateView):
    """For auditors: the latest imports (change sets) and downloads, and the history file.

    The history file's form comes back here first: good filters go on to the download, bad
    ones are shown on this page with status 400 instead of a bare error in place of a file.
    """

    template_name = "reports/audit.html"
    permission_required = "cameras.view_history"
    FILTERS = ("since", "until", "user", "type")

    def get(self, request, *args, **kwargs):
        chosen = QueryDict(mutable=True)
        for name in self.FILTERS:
            if request.GET.get(name, "").strip():
                chosen[name] = request.GET[name].strip()
        try:
            history_filters(chosen)
        except BadParameter as error:
            context = self.get_context_data(filter_error=str(error), **kwargs)
            return self.render_to_response(context, status=400)
        if "download" in request.GET:
            url = reverse("csv:history_export")
            return redirect(f"{url}?{chosen.urlencode()}" if chosen else url)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            imports=ImportRecord.objects.select_related("user")[:50],
            downloads=ExportRecord.objects.select_related("user")[:100],
            **kwargs,
        )
