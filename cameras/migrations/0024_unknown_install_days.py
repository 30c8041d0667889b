"""Cameras whose install day is not known: installed_on then holds the day they were in
service at latest, which they count from (existing cameras all have known days).

SQLite adds a column with a default by rebuilding the table, which drops the history's partial
change-set index (0014 made it by hand): it is made again here, as in 0021.
"""

from django.db import migrations, models

INDEX = "cameras_historicalcamera_change_set"


def index_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":  # PostgreSQL keeps it
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON cameras_historicalcamera (change_set) "
            "WHERE change_set IS NOT NULL"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0023_everyone_sees_stations'),
        ('leases', '0004_budget_lines_order'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, index_again),  # back: once removed
        migrations.AddField(
            model_name='camera',
            name='install_day_unknown',
            field=models.BooleanField(db_default=False, default=False, help_text='The install day is not known: the day above is the day the camera is known to have been in service at latest, and figures count it only from then.', verbose_name='install day unknown'),
        ),
        migrations.AddField(
            model_name='historicalcamera',
            name='install_day_unknown',
            field=models.BooleanField(db_default=False, default=False, help_text='The install day is not known: the day above is the day the camera is known to have been in service at latest, and figures count it only from then.', verbose_name='install day unknown'),
        ),
        migrations.AddIndex(
            model_name='camera',
            index=models.Index(condition=models.Q(('install_day_unknown', True)), fields=['installed_on'], name='camera_unknown_install_idx'),
        ),
        migrations.RunPython(index_again, migrations.RunPython.noop),
    ]
