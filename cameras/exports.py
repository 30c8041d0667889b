"""CSV downloads of the camera and site lists and the coverage and replacement reports.

Each file holds what its page shows with the same parameters: the lists go through the page's
FilterSet and order (core.generic.filtered), the reports call the page's report function. Files
stream; the camera export on PostgreSQL is COPY … TO STDOUT of the list's own query with the
cells formatted in SQL, elsewhere a values_list() iterator through csv.writer, and both give
the same bytes, from the one declaration of the columns (cameras/columns.py).
"""

from collections.abc import Iterator

from django.db import connection
from django.db.models import F

from core.csvfile import (
    crlf_records,
    csv_chunks,
    date_cell,
    decimal_cell,
    header_chunk,
    number_cell,
    pg_copy,
    roc_cell,
    row_chunks,
    text_cell,
    value_rows,
)
from core.generic import CsvView, as_of_param, today

from . import states
from .columns import CAMERA_COLUMNS, HEADER, with_export_days
from .filters import CameraFilterSet, SiteFilterSet
from .reports import coverage, replacement_grid
from .views import CameraListView, SiteListView


def camera_csv(
    cameras, *, bom: bool = True, copy: bool | None = None, dated: bool = False
) -> Iterator[bytes]:
    """Yield the camera export of `cameras` (an ordered queryset).

    `copy` chooses PostgreSQL's COPY path (the default there) or the portable one; `dated`
    writes each camera as its period on the list's day holds it (the queryset went through
    states.on_day()).
    """
    yield header_chunk(HEADER, bom=bom)
    if copy is None:
        copy = connection.vendor == "postgresql"
    if copy:
        yield from crlf_records(_copy_out(cameras, dated=dated))
    else:
        lookups = _lookups(dated)
        writers = [column.cell.write for column in CAMERA_COLUMNS]
        yield from row_chunks(value_rows(with_export_days(cameras), lookups, writers))


def _lookups(dated: bool) -> list[str]:
    lookups = [column.lookup for column in CAMERA_COLUMNS]
    return [states.dated_lookup(lookup) for lookup in lookups] if dated else lookups


def camera_select(cameras, *, dated: bool = False) -> tuple[str, tuple]:
    """Return the SELECT (and its parameters) of the camera export's cells, formatted in SQL.

    It is the filtered queryset's own query, compiled by Django, with every cell written as
    its column's kind says.
    """
    cells = [
        column.cell.sql(F(lookup))
        for column, lookup in zip(CAMERA_COLUMNS, _lookups(dated), strict=True)
    ]
    return with_export_days(cameras).values_list(*cells).query.sql_with_params()


def _copy_out(cameras, *, dated: bool) -> Iterator[bytes]:
    """Yield COPY's records (LF-terminated) for the cameras."""
    select, params = camera_select(cameras, dated=dated)
    sql = f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as cursor, pg_copy(cursor, sql, params) as copy:
        yield from copy


class CameraExportView(CsvView):
    """The camera list's rows, every column of the contract; named for the list's day."""

    def export(self, params, *, bom):
        cameras, filterset = self.filtered(CameraFilterSet, params, CameraListView.queryset.all())
        day = filterset.day()
        name = f"cameras_{(day or today()).isoformat()}.csv"
        return name, camera_csv(cameras, bom=bom, dated=filterset.as_it_was_on() is not None)


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
    "station": ("station__code", text_cell),
    "station_name": ("station__name", text_cell),
}


class SiteExportView(CsvView):
    def export(self, params, *, bom):
        sites, _filterset = self.filtered(SiteFilterSet, params, SiteListView.queryset.all())
        lookups, writers = zip(*SITE_SOURCES.values(), strict=True)
        return f"sites_{today().isoformat()}.csv", csv_chunks(
            list(SITE_SOURCES), value_rows(sites, lookups, writers), bom=bom
        )


# The coverage report: a published contract; `code` and `lane_lpr` (the numerator of
# lpr_of_lane_pct) were added after it, then the station rows and their `precinct`.
COVERAGE_COLUMNS = (
    "scope", "name", "cameras", "lane", "lpr", "lpr_pct", "lpr_of_lane_pct", "code", "lane_lpr",
    "as_of", "as_of_roc", "precinct",
)  # fmt: skip


def coverage_rows(report) -> Iterator[list[str]]:
    """Yield the coverage report's rows: the whole register, each precinct, each batch, each
    station; each names the day it counts, so that the figures keep their day once out of
    the file, and a precinct's or station's row its precinct. Last, an `uncounted` row for
    each day from which cameras with unknown install days are counted, saying so."""
    day = [date_cell(report.on), roc_cell(report.on)]
    for row in report.rows():
        yield [
            row.scope, text_cell(row.name), number_cell(row.cameras), number_cell(row.lane),
            number_cell(row.lpr), decimal_cell(row.lpr_pct), decimal_cell(row.lpr_of_lane_pct),
            text_cell(row.code), number_cell(row.lane_lpr), *day, text_cell(row.precinct),
        ]  # fmt: skip
    # what the figures leave out, said beside them: cameras counted only from a later day
    for (_later, n), caveat in zip(report.counted_later, report.caveats(), strict=True):
        yield ["uncounted", text_cell(caveat), number_cell(n), "", "", "", "", "", "", *day, ""]


class CoverageExportView(CsvView):
    def export(self, params, *, bom):
        day = as_of_param(params)
        return f"coverage_{day.isoformat()}.csv", csv_chunks(
            COVERAGE_COLUMNS, coverage_rows(coverage(on=day)), bom=bom
        )


REPLACEMENT_COLUMNS = ("section", "precinct", "precinct_name", "batch", "cameras")


def replacement_rows(grid) -> Iterator[list[str]]:
    """Yield the planner's cells that hold a camera due, section by section."""
    for section, precinct, batch_code, n in grid.groups():
        yield [
            section.key,
            text_cell(precinct.code),
            text_cell(precinct.name),
            text_cell(batch_code),
            number_cell(n),
        ]


class ReplacementExportView(CsvView):
    """The replacement planner, from replacement_grid(), the function its page calls."""

    def export(self, params, *, bom):
        day = as_of_param(params)
        return f"replacements_{day.isoformat()}.csv", csv_chunks(
            REPLACEMENT_COLUMNS, replacement_rows(replacement_grid(on=day)), bom=bom
        )
