"""The coverage roll-up: cameras counted by precinct, batch, lane, LPR, install and retire day.

Coverage figures for any day are sums over this small table instead of scans of the camera table
(tens of thousands of rows however many cameras there are, since cameras share these keys).
It is kept exact by the code that writes cameras: Camera.save()/delete() adjust it through
signals (cameras/signals.py), bulk writes call `subtract()`/`add()` around the write or
`rebuild()` after it, and tests compare it with a live count after every kind of change.
Hand-written because no maintained library keeps an aggregate table exact across bulk writes.
"""

import datetime
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Count, Value
from django.db.models.functions import Coalesce

from .models import Camera, CoverageRollup

# The retire day the roll-up keeps for cameras still in service: later than any day asked about,
# so "in service on a day" is the same condition on the roll-up as on the camera table.
NOT_RETIRED = datetime.date(9999, 12, 31)
KEY = ["precinct_id", "batch_id", "is_lane", "has_lpr", "installed_on", "retired_on"]


def _grouped(cameras):
    """Return the cameras' (key..., count) groups as a queryset ready to compile."""
    return (
        cameras.order_by()
        .values_list(
            "precinct_id", "batch_id", "is_lane", "has_lpr", "installed_on",
            Coalesce("retired_on", Value(NOT_RETIRED)),
        )
        .annotate(n=Count("pk"))
    )  # fmt: skip


def _upsert(select: str, params, sign: int):
    """Add `select`'s (key..., count) groups times `sign`: one INSERT … SELECT upsert.

    Rows that reach 0 are deleted: the table holds only cameras that exist.
    """
    table = connection.ops.quote_name(CoverageRollup._meta.db_table)
    columns = ", ".join(KEY)
    count = "camera_count"
    # A CTE names the grouped columns the same way on PostgreSQL and SQLite; SQLite needs the
    # WHERE before ON CONFLICT to parse an upsert from a SELECT.
    sql = (
        f"WITH g(k1, k2, k3, k4, k5, k6, n) AS ({select}) "
        f"INSERT INTO {table} ({columns}, {count}) "
        f"SELECT k1, k2, k3, k4, k5, k6, n * {int(sign)} FROM g WHERE true "
        f"ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if sign < 0:
            cursor.execute(f"DELETE FROM {table} WHERE {count} = 0")


def add(cameras):
    """Count `cameras` (a Camera queryset) into the roll-up."""
    _upsert(*_grouped(cameras).query.sql_with_params(), 1)


def subtract(cameras):
    """Take `cameras` (a Camera queryset) out of the roll-up."""
    _upsert(*_grouped(cameras).query.sql_with_params(), -1)


def bump(camera, sign: int):
    """Count one camera in (sign=1) or out (sign=-1) of the roll-up, as it is in memory."""
    key = [
        camera.precinct_id, camera.batch_id, camera.is_lane, camera.has_lpr,
        camera.installed_on, camera.retired_on or NOT_RETIRED,
    ]  # fmt: skip
    _upsert("SELECT %s, %s, %s, %s, %s, %s, 1", key, sign)


def add_rows(table: str, *, action: str):
    """Count in the rows of `table` whose `action` column is `action`; the table has the
    camera table's KEY columns.

    An import's staging table holds the cameras it updated as they now are: grouping it spares
    a join back to the camera table.
    """
    keys = ", ".join(KEY[:-1])
    select = (
        f"SELECT {keys}, COALESCE(retired_on, %s), COUNT(*) FROM {table} WHERE action = %s "
        f"GROUP BY {keys}, COALESCE(retired_on, %s)"
    )
    day = connection.ops.adapt_datefield_value(NOT_RETIRED)
    _upsert(select, [day, action, day], 1)


@contextmanager
def tracking(cameras):
    """Keep the roll-up exact around a bulk write that changes `cameras` (a lazy queryset).

    The queryset is evaluated before and after the write, so it must select the same cameras
    both times (e.g. by asset tag or site), including ones the write creates or deletes.
    """
    with transaction.atomic():
        subtract(cameras)
        yield
        add(cameras)


def rebuild():
    """Recount the whole roll-up from the camera table."""
    with transaction.atomic():
        CoverageRollup.objects.all().delete()
        add(Camera.objects.all())
