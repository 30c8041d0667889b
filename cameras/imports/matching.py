"""Reading the register for a file's many keys in a few queries, on either database."""

from django.db import connection
from django.db.models.expressions import RawSQL

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
            keys = RawSQL(f"SELECT value FROM {KEYS}", [])  # noqa: S611
            yield queryset.filter(**{f"{field}__in": keys})  # to be read before the next one
        finally:
            cursor.execute(f"DELETE FROM {temporary(KEYS)}")
