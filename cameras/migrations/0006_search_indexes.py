"""Trigram indexes for the camera list's free-text search (PostgreSQL only).

The search is a case-insensitive "contains" (Django's icontains: UPPER(col) LIKE UPPER('%x%')),
which no B-tree index serves; pg_trgm's GIN indexes on the same UPPER() expressions do, so a
search over a million cameras reads index entries instead of every row. SQLite, for development,
scans its small tables.
"""

from django.db import migrations

INDEXES = [
    ("camera_tag_trgm_idx", "cameras_camera", "asset_tag"),
    ("site_code_trgm_idx", "cameras_site", "code"),
    ("site_name_trgm_idx", "cameras_site", "name"),
    ("site_address_trgm_idx", "cameras_site", "address"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cameras", "0005_roles")]

    operations = [migrations.RunPython(create, drop)]
