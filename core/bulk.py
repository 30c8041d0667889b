"""Bulk writes for the seed and the imports: COPY on PostgreSQL, batched INSERT elsewhere.

Hand-written because the ORM's bulk_create builds a model instance per row, which is what makes
a million-row load slow; psycopg's COPY is the fastest path PostgreSQL offers.
"""

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection

from .csvfile import pg_copy

BATCH_SIZE = 2000


def insert_rows(table, columns: Sequence[str], rows: Iterable[Sequence], *, fields=None):
    """Insert raw rows (values in `columns` order) into `table`, a model or a table's name.

    `fields`, one model field or None per column, turns values into what the database stores
    on the INSERT path, as the ORM would; COPY takes Python's values as they are.
    """
    if hasattr(table, "_meta"):
        table = connection.ops.quote_name(table._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with pg_copy(cursor, f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        prepare = fields or [None] * len(columns)
        batch = []
        for row in rows:
            batch.append(
                [
                    value if field is None or value is None
                    else field.get_db_prep_save(value, connection)
                    for field, value in zip(prepare, row, strict=True)
                ]
            )  # fmt: skip
            if len(batch) == BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def next_id(model) -> int:
    """Return the first primary key above every existing one."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def reset_sequences(*models):
    """Move the id sequences past rows inserted with explicit ids (a no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def temporary(name: str) -> str:
    """Name a temporary table so that DROP can never reach a permanent table of that name."""
    return f"pg_temp.{name}" if connection.vendor == "postgresql" else f"temp.{name}"
