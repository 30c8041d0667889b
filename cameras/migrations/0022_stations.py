"""Police stations (派出所) under precincts: a site may belong to one, on its days.

Existing sites have none, and their roll-up rows count station 0 (none), which is true.
SQLite may rebuild the history table, dropping its hand-made change-set index (0021).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings

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
        ('cameras', '0021_camera_direction'),
        ('leases', '0004_budget_lines_order'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, index_again),  # back: once removed
        migrations.CreateModel(
            name='HistoricalStation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('code', models.CharField(db_index=True, max_length=20, verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text="Pages and files list a precinct's stations by this number, then by code.", verbose_name='place in lists')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical police station',
                'verbose_name_plural': 'historical police stations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Station',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('position', models.PositiveSmallIntegerField(default=0, help_text="Pages and files list a precinct's stations by this number, then by code.", verbose_name='place in lists')),
            ],
            options={
                'verbose_name': 'police station',
                'verbose_name_plural': 'police stations',
                'ordering': ['precinct__position', 'precinct__code', 'position', 'code'],
            },
        ),
        migrations.RemoveConstraint(
            model_name='coveragechange',
            name='coverage_change_key',
        ),
        migrations.RemoveConstraint(
            model_name='coveragerollup',
            name='coverage_rollup_key',
        ),
        migrations.AddField(
            model_name='coveragechange',
            name='station',
            field=models.IntegerField(default=0, help_text="the station's id; 0 for sites without one"),
        ),
        migrations.AddField(
            model_name='coveragerollup',
            name='station',
            field=models.IntegerField(default=0, help_text="the station's id; 0 for sites without one"),
        ),
        migrations.AddConstraint(
            model_name='coveragechange',
            constraint=models.UniqueConstraint(fields=('precinct', 'station', 'batch', 'day'), name='coverage_change_key'),
        ),
        migrations.AddConstraint(
            model_name='coveragerollup',
            constraint=models.UniqueConstraint(fields=('precinct', 'station', 'batch', 'is_lane', 'has_lpr', 'installed_on', 'valid_from', 'valid_to', 'is_current'), name='coverage_rollup_key'),
        ),
        migrations.AddField(
            model_name='historicalstation',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalstation',
            name='precinct',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cameras.precinct', verbose_name='precinct'),
        ),
        migrations.AddField(
            model_name='station',
            name='precinct',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='stations', to='cameras.precinct', verbose_name='precinct'),
        ),
        migrations.AddField(
            model_name='camera',
            name='station',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cameras', to='cameras.station', verbose_name='police station'),
        ),
        migrations.AddField(
            model_name='camerastate',
            name='station',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='camera_states', to='cameras.station'),
        ),
        migrations.AddField(
            model_name='historicalcamera',
            name='station',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cameras.station', verbose_name='police station'),
        ),
        migrations.AddField(
            model_name='historicalsite',
            name='station',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The police station (派出所) of its precinct the site belongs to.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cameras.station', verbose_name='police station'),
        ),
        migrations.AddField(
            model_name='site',
            name='station',
            field=models.ForeignKey(blank=True, help_text='The police station (派出所) of its precinct the site belongs to.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sites', to='cameras.station', verbose_name='police station'),
        ),
        migrations.AddField(
            model_name='siteprecinct',
            name='station',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='site_periods', to='cameras.station'),
        ),
        migrations.AddConstraint(
            model_name='station',
            constraint=models.UniqueConstraint(fields=('precinct', 'name'), name='station_name_unique_in_precinct', violation_error_message='The precinct has a station of this name already.'),
        ),
        migrations.RunPython(index_again, migrations.RunPython.noop),
    ]
