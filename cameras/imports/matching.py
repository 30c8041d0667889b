"""Reading the register for a file's many keys in a few queries, on either database."""

from contextlib import contextmanager

from django.db import connection
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from core.bulk import temporary
from core.csvfile import pg_copy

LOOKUP_CHUNK = 2000  # values per IN (…): far below SQLite's limit on parameters
KEYS = "import_keys"  # the temporary table of matching() on PostgreSQL


def matching(queryset, field: str, values: list[str]):
    """Yield `queryset` narrowed to rows whose `field` is one of `values`.

    On PostgreSQL the values go into a temporary table by COPY and the query joins it: for the
    100,000 asset tags of a file that took 0.07 s where `= ANY(array)` took 0.57 s and `IN`
    lists of 2,000 parameters 1.2 s (docs/benchmarks.md). Elsewhere: IN, in chunks of LOOKUP_CHUNK
    (SQLite limits the parameters of a statement).
    """
    if connection.vendor != "postgresql":
        for start in range(0, len(values), LOOKUP_CHUNK):
            yield queryset.filter(**{f"{field}__in": values[start : start + LOOKUP_CHUNK]})
        return
    with _keys(values):
        keys = RawSQL(f"SELECT value FROM {KEYS}", [])  # noqa: S611
        yield queryset.filter(**{f"{field}__in": keys})  # to be read before the next one


@contextmanager
def _keys(values):
    """Hold `values` in the KEYS table while the block runs (PostgreSQL)."""
    with connection.cursor() as cursor:
        # one table, emptied after each use: an import checks its rows a chunk at a time, and
        # a table made anew each time held a lock each until the import's transaction ended
        # (a file of 24,000 rows read seven at a time ran out of PostgreSQL's lock table);
        # the import drops it at its end (checked.drop())
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {KEYS} (value varchar)")
        try:
            with pg_copy(cursor, f"COPY {KEYS} (value) FROM STDIN") as copy:
                for value in values:
                    copy.write_row((value,))
            cursor.execute(f"ANALYZE {KEYS}")
            yield
        finally:
            cursor.execute(f"DELETE FROM {temporary(KEYS)}")


def same_but_case(model, field: str, keys: list[str]) -> list[tuple[str, str]]:
    """Return (key, the code as the register writes it) for each of `keys` (upper case) that a
    row of `model` holds as its `field` in some case: one query (chunks of them on SQLite).

    On PostgreSQL each key is looked up by the B-tree index on UPPER(field) through an ordered
    LIMIT 1 (a code is unique ignoring case, so it finds the one row or none). A plain join let
    the planner serve the equality from the trigram index of the free-text search, on the same
    expression (pg_trgm answers = too): each key read most of that index, and 10,000 asset
    tags new to a register of 1,000,000 cameras took over four minutes; by the B-tree, 12 ms.
    """
    if connection.vendor != "postgresql":
        found = []
        uppers = model.objects.annotate(code_upper=Upper(field))
        for matches in matching(uppers, "code_upper", keys):
            found += matches.values_list("code_upper", field)
        return found
    qn = connection.ops.quote_name
    table, column = qn(model._meta.db_table), qn(model._meta.get_field(field).column)
    upper = f"UPPER(t.{column}::text)"
    with _keys(keys), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k.value, m.code FROM {KEYS} AS k CROSS JOIN LATERAL (SELECT "
            f"t.{column} AS code FROM {table} AS t WHERE {upper} = k.value ORDER BY {upper} "
            "LIMIT 1) AS m ORDER BY k.value"
        )
        return cursor.fetchall()
