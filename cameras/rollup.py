"""The coverage roll-up: cameras' periods counted by precinct, station, batch, lane, LPR and days.

Coverage figures for any day are sums over this small table instead of scans of the camera and
state tables (tens of thousands of rows however many cameras there are, since cameras share
these keys and their changes share days); CoverageChange sums its rows by the day they begin
and end, for the month-by-month series. A row counts the periods (cameras/states.py) that
held, while the camera was in service, from one day until another. It is kept exact by the
code that writes cameras: Camera.save()/delete() subtract a camera and add it back, bulk
writes run inside `tracking()` (which writes the difference of their cameras' periods) or call
`rebuild()` after it, and tests compare it with a live count after every kind of change.
Hand-written because no maintained library keeps an aggregate table exact across bulk writes.
"""

import itertools
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, Value
from django.db.models.functions import Coalesce, Least

from core.bulk import temporary

from . import editions
from .models import FOREVER, Camera, CameraState, CoverageChange, CoverageRollup

KEY = [
    "precinct_id", "station", "batch_id", "is_lane", "has_lpr", "installed_on", "valid_from",
    "valid_to", "is_current",
]  # fmt: skip
# The temporary tables' names of the key's columns, by the roll-up's: k1 … k9.
K = {name: f"k{i}" for i, name in enumerate(KEY, 1)}
KEYS = ", ".join(K.values())


def _grouped(cameras, since=None):
    """Return the periods of `cameras` as (key..., count) groups, ready to compile: each
    period cut at its camera's retire day; a latest period that began after it (a change
    recorded for a retired camera) counts as registered and never in service. `since`: only
    the periods that end on or after that day (one cut on it ends on it)."""
    retired = Coalesce("camera__retired_on", Value(FOREVER))
    periods = CameraState.objects.filter(camera__in=cameras.order_by().values("pk"))
    if since is not None:
        periods = periods.filter(valid_to__gte=since)
    return (
        periods.filter(Q(valid_from__lt=retired) | Q(valid_to=FOREVER))
        .order_by()
        .values_list(
            "precinct_id", Coalesce("station_id", 0), "batch_id", "is_lane", "has_lpr",
            "camera__installed_on",
            "valid_from", Least("valid_to", retired),
            ExpressionWrapper(Q(valid_to=FOREVER), output_field=BooleanField()),
        )
        .annotate(n=Count("pk"))
    )  # fmt: skip


def _count(table: str, cameras, *, less: str | None = None, since=None):
    """Count the periods of `cameras` by the roll-up's key into the temporary `table`
    (k1…k9, n); `less`: a table of such counts to take away, keeping only the groups whose
    count differs (k1…k9, the difference); `since`: as in _grouped()."""
    select, params = _grouped(cameras, since).query.sql_with_params()
    counted = "SELECT * FROM g"
    if less is not None:
        counted = (
            f"SELECT {KEYS}, SUM(n) AS n FROM (SELECT * FROM g UNION ALL SELECT {KEYS}, -n "
            f"FROM {temporary(less)}) AS d GROUP BY {KEYS} HAVING SUM(n) <> 0"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary(table)}")
        # A CTE names the grouped columns the same way on PostgreSQL and SQLite.
        cursor.execute(
            f"CREATE TEMPORARY TABLE {table} AS WITH g({KEYS}, n) AS ({select}) {counted}",
            params,
        )


def _upsert(sign: int, *, difference: bool = False):
    """Add the groups counted into GROUPS (_count()) times `sign`: one INSERT … SELECT upsert
    into the roll-up, one into its changes by day. The caller has renewed the edition first
    (its lock before any roll-up row's, cameras/editions.py).

    Rows that reach 0 are deleted: the tables hold only cameras that exist. Only a subtraction
    or a `difference` (some of its counts negative) can bring a roll-up row there.
    """
    table = connection.ops.quote_name(CoverageRollup._meta.db_table)
    changes = connection.ops.quote_name(CoverageChange._meta.db_table)
    columns = ", ".join(KEY)
    count = "camera_count"
    groups = temporary(GROUPS)
    with connection.cursor() as cursor:
        # SQLite needs the WHERE before ON CONFLICT to parse an upsert from a SELECT.
        cursor.execute(
            f"INSERT INTO {table} ({columns}, {count}) "
            f"SELECT {KEYS}, n * {int(sign)} FROM {groups} WHERE true "
            f"ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
        )
        if sign < 0 or difference:
            cursor.execute(f"DELETE FROM {table} WHERE {count} = 0")
        cursor.execute(_changes_sql(groups, sign), [_day(FOREVER)])
        # only the days these groups touched can have reached 0: no pass over the whole table
        zero = " AND ".join(f"{n} = 0" for n in FIGURES)
        start, end = K["valid_from"], K["valid_to"]
        cursor.execute(
            f"DELETE FROM {changes} WHERE {zero} AND precinct_id IN (SELECT k1 FROM {groups}) "
            f"AND day IN (SELECT {start} FROM {groups} UNION SELECT {end} FROM {groups})"
        )
        cursor.execute(f"DROP TABLE {groups}")


GROUPS = "rollup_groups"  # _upsert(): periods counted by the roll-up's key, or a difference
_nesting = itertools.count()  # tracking(): a name for each "before" table
FIGURES = ("cameras", "lane", "lpr", "lane_lpr")  # CoverageChange's counts


def _changes_sql(groups: str, sign: int) -> str:
    """The upsert of the groups' changes by day: each held group (a state that began before
    its camera's retirement) adds its cameras on its first day and takes them away on the day
    it ends (unless it holds for ever). `groups`: their table."""
    table = connection.ops.quote_name(CoverageChange._meta.db_table)
    lane, lpr, start, end = K["is_lane"], K["has_lpr"], K["valid_from"], K["valid_to"]
    unit = f"{K['precinct_id']}, {K['station']}, {K['batch_id']}"
    figures = ("n", f"CASE WHEN {lane} THEN n ELSE 0 END", f"CASE WHEN {lpr} THEN n ELSE 0 END",
               f"CASE WHEN {lane} AND {lpr} THEN n ELSE 0 END")  # fmt: skip
    added = ", ".join(f"{f} AS {name}" for f, name in zip(figures, FIGURES, strict=True))
    taken = ", ".join(f"-{f}" for f in figures)
    sums = ", ".join(f"SUM({name}) * {int(sign)}" for name in FIGURES)
    update = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in FIGURES)
    held = f"{start} < {end}"
    return (
        f"WITH d AS (SELECT {unit}, {start} AS day, {added} FROM {groups} WHERE {held} "
        f"UNION ALL SELECT {unit}, {end}, {taken} FROM {groups} WHERE {held} AND {end} < %s) "
        f"INSERT INTO {table} (precinct_id, station, batch_id, day, {', '.join(FIGURES)}) "
        f"SELECT {unit}, day, {sums} FROM d WHERE true GROUP BY {unit}, day "
        f"ON CONFLICT (precinct_id, station, batch_id, day) DO UPDATE SET {update}"
    )


def _day(day):
    return connection.ops.adapt_datefield_value(day)


def add(cameras):
    """Count `cameras` (a Camera queryset) into the roll-up."""
    editions.bump()  # before the periods are read (cameras/editions.py)
    _count(GROUPS, cameras)
    _upsert(1)


def subtract(cameras):
    """Take `cameras` (a Camera queryset) out of the roll-up."""
    editions.bump()
    _count(GROUPS, cameras)
    _upsert(-1)


@contextmanager
def tracking(cameras, *, since=None):
    """Keep the roll-up exact around a bulk write that changes `cameras` (a lazy queryset).

    The queryset is evaluated before and after the write, so it must select the same cameras
    both times (e.g. by asset tag or site), including ones the write creates or deletes.
    Only the difference is written: the periods the write left as they were (most of a
    camera's past) count the same before and after, and their roll-up rows are not touched.
    `since`: a day the write changes nothing before — no period that ends before it, no
    install or retire day (both are in the key of every period): only the periods that end
    on or after it are counted.
    """
    # A tracked write inside another keeps its own table; their cameras must not overlap.
    before = f"rollup_before_{next(_nesting)}"
    with transaction.atomic():
        editions.bump()
        _count(before, cameras, since=since)
        yield
        _count(GROUPS, cameras, less=before, since=since)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {temporary(before)}")
        _upsert(1, difference=True)


def rebuild():
    """Recount the whole roll-up from the camera table."""
    with transaction.atomic():
        editions.bump()
        CoverageRollup.objects.all().delete()
        CoverageChange.objects.all().delete()
        add(Camera.objects.all())
