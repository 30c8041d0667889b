"""An import's checked rows, staged in temporary tables a chunk at a time as they are checked.

An import writes all or nothing, so no row is written before every row is checked. Held in
memory until then, the checked rows took about 1 KiB each: a 200,000-row list held 300 MiB
(docs/benchmarks.md). They wait here instead, and writing.py writes them from here with
INSERT … SELECT. Beside them, every asset tag of the file with its first line and what the
rules between rows need of its row (a repeated tag, replacements: checks.py, replacements.py).
The tables live in the import's connection and are dropped after it.
"""

import datetime
from operator import itemgetter
from typing import NamedTuple

from django.db import connection, models

from core.bulk import insert_rows, temporary

from ..models import Camera, Site
from . import matching
from .columns import CAMERA_FIELDS

TABLE = "camera_import_checked"
TAGS = "camera_import_tags"
ALL_TAGS = f"SELECT tag FROM {TAGS}"  # every asset tag of the file, as a subquery
AT_ONCE = 10_000  # tags a lookup names at once, at most (SQLite allows fewer parameters)
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
    # a tag as the file writes it, too long for the register's column or not (the cell's own
    # check says so)
    "tag": models.TextField(),
    "tag_key": models.TextField(),
    "has_row": models.BooleanField(),
}
# a tag as written, in upper case (compared without case), its first line, whether that line
# was read as a row (one too short is not), and the row's facts
TAG_COLUMNS = ("tag", "tag_key", "line", "has_row", "status", "installed_on", "replaces")


class Fact(NamedTuple):
    """What the rules between rows need of a row of the file."""

    line: int
    status: str | None
    installed_on: datetime.date | None
    replaces: str | None


def field(name: str) -> models.Field:
    """Return the model field a staged column is kept as (the camera's own, by name)."""
    return FIELDS.get(name) or Camera._meta.get_field(name.removesuffix("_id"))


def columns_sql(names) -> str:
    """Return the column definitions of a staging table of these columns."""
    return ", ".join(
        f"{connection.ops.quote_name(name)} {field(name).db_type(connection)}" for name in names
    )


def create():
    """Start empty tables for the checked rows and the tags (an earlier import's dropped)."""
    drop()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns_sql(COLUMNS)})")
        cursor.execute(f"CREATE TEMPORARY TABLE {TAGS} ({columns_sql(TAG_COLUMNS)})")
        cursor.execute(f"CREATE INDEX {TAGS}_key ON {TAGS} (tag_key)")
        cursor.execute(f"CREATE INDEX {TAGS}_tag ON {TAGS} (tag)")


def add(rows: list) -> None:
    """Stage checked rows (checks.Row) to be written."""
    if not rows:
        return
    written = itemgetter(*WRITTEN)
    values = ((row.line, row.get("site"), row.get("version"), *written(row)) for row in rows)
    insert_rows(TABLE, COLUMNS, values, fields=[field(name) for name in COLUMNS])


def add_tags(values: list[tuple]) -> None:
    """Keep tags first seen in a chunk: (tag, line, has_row, status, installed_on, replaces)."""
    rows = ((tag, tag.upper(), *rest) for tag, *rest in values)
    insert_rows(TAGS, TAG_COLUMNS, rows, fields=[field(name) for name in TAG_COLUMNS])


def _select(columns: str, where: str, values) -> list[tuple]:
    """Return the tags table's rows `where` names, for values taken AT_ONCE at a time."""
    values, found = list(values), []
    at_once = min(AT_ONCE, connection.features.max_query_params or AT_ONCE)
    with connection.cursor() as cursor:
        for start in range(0, len(values), at_once):
            some = values[start : start + at_once]
            marks = ", ".join(["%s"] * len(some))
            cursor.execute(f"SELECT {columns} FROM {TAGS} WHERE {where} IN ({marks})", some)
            found += cursor.fetchall()
    return found


def first_lines(keys) -> dict[str, int]:
    """Return the first line of each tag (in upper case) an earlier chunk had."""
    return dict(_select("tag_key, line", "tag_key", keys))


def present(tags) -> set[str]:
    """Return which of `tags` the file has (exactly as written)."""
    return {tag for (tag,) in _select("tag", "tag", tags)}


def facts(tags) -> dict[str, Fact]:
    """Return the facts of the rows of `tags` (as written) the file has."""
    found = _select("tag, line, status, installed_on, replaces", "has_row AND tag", tags)
    return {tag: _fact(*rest) for tag, *rest in found}


def replacing() -> list[tuple[str, Fact]]:
    """Return the file's rows that name a camera they replace, in the file's order."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT tag, line, status, installed_on, replaces FROM {TAGS} "
            "WHERE has_row AND replaces IS NOT NULL ORDER BY line"
        )
        return [(tag, _fact(*rest)) for tag, *rest in cursor.fetchall()]


def _fact(line, status, installed_on, replaces) -> Fact:
    return Fact(line, status, DAY.to_python(installed_on), replaces)


def drop():
    """Drop the import's temporary tables: these, and matching()'s table of keys."""
    with connection.cursor() as cursor:
        for table in (TABLE, TAGS, matching.KEYS):
            cursor.execute(f"DROP TABLE IF EXISTS {temporary(table)}")
