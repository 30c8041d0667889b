"""The camera history's change-set index holds only the rows of change sets, and is built without
blocking writes.

0012 indexed every history row (twice on PostgreSQL, with a LIKE index no query uses), so each
recorded change paid for it. A partial index on the rows that name a change set is what the
camera list's ?change_set= reads; on PostgreSQL it is built CONCURRENTLY, outside a transaction,
so camera saves go on while a large history is indexed.
"""

from django.db import migrations, models

INDEX = "cameras_historicalcamera_change_set"


def create(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {INDEX} ON cameras_historicalcamera "
        "(change_set) WHERE change_set IS NOT NULL"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("cameras", "0013_precinct_position"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalcamera",
            name="change_set",
            field=models.CharField(
                blank=True, max_length=20, null=True, verbose_name="change set"
            ),
        ),
        migrations.RunPython(create, drop),
    ]
