"""Room on each page of the camera and state tables for its rows' next versions (PostgreSQL).

An import or a bulk edit changes every camera of whole pages at once (a file's cameras are
neighbours in the table). PostgreSQL writes an updated row beside the old one, without
touching the table's indexes (a HOT update), only while the page has room for it: with full
pages each updated camera costs an entry in each of its 15 indexes, half of the import's time
(docs/benchmarks.md). Half of a camera page is kept free, so each of its rows can change once
before the page is cleaned; a state page keeps 40 %: a change closes one period of a camera
(its `valid_to`) and rewrites a few later ones. The tables are rewritten to take it at once.
"""

from django.db import migrations

FILL = {"cameras_camera": 50, "cameras_camerastate": 60}  # per cent of each page written


def make_room(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, percent in FILL.items():
        schema_editor.execute(f"ALTER TABLE {table} SET (fillfactor = {percent})")
        schema_editor.execute(f"VACUUM FULL {table}")  # outside a transaction: atomic = False


def fill_again(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in FILL:
        schema_editor.execute(f"ALTER TABLE {table} RESET (fillfactor)")


class Migration(migrations.Migration):
    atomic = False  # VACUUM runs outside a transaction

    dependencies = [("cameras", "0019_figure_edition")]

    operations = [migrations.RunPython(make_room, fill_again)]
