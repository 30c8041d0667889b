"""Periods of state: every camera's state and every site's precinct hold from a day (issue 13).

Each camera gets one period from its install day, as it is now; each site one period for all
time; the coverage roll-up is rebuilt by period.
"""

import datetime
import django.db.models.deletion
from django.db import migrations, models


def index_change_sets_again(apps, schema_editor):
    """SQLite rebuilds a table to add a column, and drops the partial index of 0014 with it."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS cameras_historicalcamera_change_set ON "
            "cameras_historicalcamera (change_set) WHERE change_set IS NOT NULL"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0014_change_set_partial_index'),
        ('leases', '0004_budget_lines_order'),
    ]

    operations = [
        migrations.AddField(
            model_name="bulkedit",
            name="correction",
            field=models.BooleanField(default=False, verbose_name="correction"),
        ),
        migrations.AddField(
            model_name="bulkedit",
            name="effective_on",
            field=models.DateField(blank=True, null=True, verbose_name="effective on"),
        ),
        migrations.AddField(
            model_name='historicalcamera',
            name='correction',
            field=models.BooleanField(db_default=False, default=False, verbose_name='correction'),
        ),
        migrations.AddField(
            model_name='historicalcamera',
            name='effective_on',
            field=models.DateField(blank=True, null=True, verbose_name='effective on'),
        ),
        migrations.AddField(
            model_name='historicalsite',
            name='change_set',
            field=models.CharField(blank=True, max_length=20, null=True, verbose_name='change set'),
        ),
        migrations.AddField(
            model_name='historicalsite',
            name='correction',
            field=models.BooleanField(db_default=False, default=False, verbose_name='correction'),
        ),
        migrations.AddField(
            model_name='historicalsite',
            name='effective_on',
            field=models.DateField(blank=True, null=True, verbose_name='effective on'),
        ),
        migrations.CreateModel(
            name='CameraState',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(verbose_name='from')),
                ('valid_to', models.DateField(default=datetime.date(9999, 12, 31), verbose_name='until')),
                ('is_lane', models.BooleanField()),
                ('has_lpr', models.BooleanField()),
                ('has_vehicle_attributes', models.BooleanField()),
                ('has_trajectory', models.BooleanField()),
                ('has_target_alert', models.BooleanField()),
                ('resolution_mp', models.DecimalField(decimal_places=1, max_digits=5, null=True)),
                ('changed', models.PositiveIntegerField(default=0)),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='camera_states', to='leases.batch')),
                ('camera', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='states', to='cameras.camera')),
                ('precinct', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='camera_states', to='cameras.precinct')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='camera_states', to='cameras.site')),
            ],
            options={
                'verbose_name': 'camera state',
                'ordering': ['camera', 'valid_from'],
                'indexes': [models.Index(fields=['precinct', 'valid_from'], name='camera_state_precinct_idx'), models.Index(fields=['batch', 'valid_from'], name='camera_state_batch_idx'), models.Index(fields=['site', 'valid_from'], name='camera_state_site_idx')],
                'constraints': [models.UniqueConstraint(fields=('camera', 'valid_from'), name='camera_state_key'), models.CheckConstraint(condition=models.Q(('valid_to__gt', models.F('valid_from'))), name='camera_state_not_empty')],
            },
        ),
        migrations.CreateModel(
            name='SitePrecinct',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('valid_from', models.DateField(default=datetime.date(1, 1, 1), verbose_name='from')),
                ('valid_to', models.DateField(default=datetime.date(9999, 12, 31), verbose_name='until')),
                ('precinct', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='site_periods', to='cameras.precinct')),
                ('site', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='precinct_periods', to='cameras.site')),
            ],
            options={
                'verbose_name': "site's precinct",
                'ordering': ['site', 'valid_from'],
                'constraints': [models.UniqueConstraint(fields=('site', 'valid_from'), name='site_precinct_key'), models.CheckConstraint(condition=models.Q(('valid_to__gt', models.F('valid_from'))), name='site_precinct_not_empty')],
            },
        ),
        migrations.DeleteModel(name="CoverageRollup"),
        migrations.CreateModel(
            name="CoverageRollup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("is_lane", models.BooleanField()),
                ("has_lpr", models.BooleanField()),
                ("installed_on", models.DateField()),
                ("valid_from", models.DateField()),
                ("valid_to", models.DateField(help_text="9999-12-31 while the state holds in service")),
                ("is_current", models.BooleanField()),
                ("camera_count", models.IntegerField()),
                ("batch", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="coverage_rows", to="leases.batch")),
                ("precinct", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="coverage_rows", to="cameras.precinct")),
            ],
            options={
                "verbose_name": "coverage roll-up row",
                "ordering": ["precinct", "batch", "valid_from", "pk"],
                "constraints": [models.UniqueConstraint(fields=("precinct", "batch", "is_lane", "has_lpr", "installed_on", "valid_from", "valid_to", "is_current"), name="coverage_rollup_key")],
            },
        ),
        migrations.RunSQL(
            [
                "INSERT INTO cameras_camerastate (camera_id, valid_from, valid_to, site_id, "
                "precinct_id, batch_id, is_lane, has_lpr, has_vehicle_attributes, has_trajectory, "
                "has_target_alert, resolution_mp, changed) SELECT id, installed_on, '9999-12-31', "
                "site_id, precinct_id, batch_id, is_lane, has_lpr, has_vehicle_attributes, "
                "has_trajectory, has_target_alert, resolution_mp, 511 FROM cameras_camera",
                "INSERT INTO cameras_siteprecinct (site_id, valid_from, valid_to, precinct_id) "
                "SELECT id, '0001-01-01', '9999-12-31', precinct_id FROM cameras_site",
                "INSERT INTO cameras_coveragerollup (precinct_id, batch_id, is_lane, has_lpr, "
                "installed_on, valid_from, valid_to, is_current, camera_count) SELECT precinct_id, "
                "batch_id, is_lane, has_lpr, installed_on, installed_on, "
                "COALESCE(retired_on, '9999-12-31'), true, COUNT(*) FROM cameras_camera "
                "GROUP BY precinct_id, batch_id, is_lane, has_lpr, installed_on, retired_on",
            ],
            migrations.RunSQL.noop,
        ),
        migrations.RunPython(index_change_sets_again, migrations.RunPython.noop),
    ]
