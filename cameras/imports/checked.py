"""An import's checked rows, staged in a temporary table a chunk at a time as they are checked.

An import writes all or nothing, so no row is written before every row is checked. Held in
memory until then, the checked rows took about 1 KiB each: a 200,000-row list held 300 MiB
(docs/benchmarks.md). They wait here instead, and writing.py writes them from here with
INSERT … SELECT. The table lives in the import's connection and is dropped after it.
"""

from operator import itemgetter

from django.db import connection, models

from core.bulk import insert_rows, temporary

from ..models import Camera, Site
from .columns import CAMERA_FIELDS

TABLE = "camera_import_checked"
# the row's line, its site's code (a new site's id is known once written), then as written
OWN = ("line", "site", "version")
COLUMNS = (*OWN, "action", "asset_tag", *CAMERA_FIELDS, "replaces", "new_replaces", "effective_on")
WRITTEN = COLUMNS[len(OWN) :]  # set on every checked row
DAY = models.DateField()
FIELDS = {
    "line": models.IntegerField(),
    "version": models.IntegerField(),
    "site": Site._meta.get_field("code"),
    "action": models.CharField(max_length=6),
    "new_replaces": models.BooleanField(),
    "effective_on": DAY,
    "replaces": Camera._meta.get_field("asset_tag"),
}


def field(name: str) -> models.Field:
    """Return the model field a staged column is kept as (the camera's own, by name)."""
    return FIELDS.get(name) or Camera._meta.get_field(name.removesuffix("_id"))


def columns_sql(names) -> str:
    """Return the column definitions of a staging table of these columns."""
    return ", ".join(
        f"{connection.ops.quote_name(name)} {field(name).db_type(connection)}" for name in names
    )


def create():
    """Start an empty table for the checked rows (an earlier import's is dropped)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary(TABLE)}")
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns_sql(COLUMNS)})")


def add(rows: list) -> None:
    """Stage checked rows (checks.Row) to be written."""
    if not rows:
        return
    written = itemgetter(*WRITTEN)
    values = ((row.line, row.get("site"), row.get("version"), *written(row)) for row in rows)
    insert_rows(TABLE, COLUMNS, values, fields=[field(name) for name in COLUMNS])


def drop():
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temporary(TABLE)}")
