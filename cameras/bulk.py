"""Bulk writes for the seed and the CSV import: COPY on PostgreSQL, batched INSERT elsewhere.

Hand-written because the ORM's bulk_create builds a model instance per row, which is what makes
a million-row load slow; psycopg's COPY is the fastest path PostgreSQL offers.
"""

from collections.abc import Iterable, Sequence

from django.core.management.color import no_style
from django.db import connection


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence], *, batch_size=5000):
    """Insert raw rows (values in `columns` order, as the database takes them) into the table."""
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    column_list = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(columns))})"
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch_size:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


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
