"""The coverage roll-up's rows summed by the day they begin and end: what the month-by-month
series walks. Filled from the roll-up as it is."""

import django.db.models.deletion
from django.db import migrations, models


# Each held roll-up row adds its cameras on valid_from and takes them away on valid_to.
FILL = (
    "INSERT INTO cameras_coveragechange (precinct_id, batch_id, day, cameras, lane, lpr, "
    "lane_lpr) SELECT precinct_id, batch_id, day, SUM(n), SUM(lane), SUM(lpr), SUM(lane_lpr) "
    "FROM (SELECT precinct_id, batch_id, valid_from AS day, camera_count AS n, "
    "CASE WHEN is_lane THEN camera_count ELSE 0 END AS lane, "
    "CASE WHEN has_lpr THEN camera_count ELSE 0 END AS lpr, "
    "CASE WHEN is_lane AND has_lpr THEN camera_count ELSE 0 END AS lane_lpr "
    "FROM cameras_coveragerollup WHERE valid_from < valid_to UNION ALL "
    "SELECT precinct_id, batch_id, valid_to, -camera_count, "
    "-CASE WHEN is_lane THEN camera_count ELSE 0 END, "
    "-CASE WHEN has_lpr THEN camera_count ELSE 0 END, "
    "-CASE WHEN is_lane AND has_lpr THEN camera_count ELSE 0 END "
    "FROM cameras_coveragerollup WHERE valid_from < valid_to AND valid_to < '9999-12-31') AS d "
    "GROUP BY precinct_id, batch_id, day"
)


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0016_state_indexes_not_twice'),
        ('leases', '0004_budget_lines_order'),
    ]

    operations = [
        migrations.CreateModel(
            name='CoverageChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('cameras', models.IntegerField()),
                ('lane', models.IntegerField()),
                ('lpr', models.IntegerField()),
                ('lane_lpr', models.IntegerField()),
                ('batch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coverage_changes', to='leases.batch')),
                ('precinct', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='coverage_changes', to='cameras.precinct')),
            ],
            options={
                'verbose_name': 'coverage change',
                'ordering': ['precinct', 'batch', 'day'],
                'constraints': [models.UniqueConstraint(fields=('precinct', 'batch', 'day'), name='coverage_change_key')],
            },
        ),
        migrations.RunSQL(
            [FILL, "DELETE FROM cameras_coveragechange WHERE cameras = 0 AND lane = 0 AND lpr = 0 AND lane_lpr = 0"],
            migrations.RunSQL.noop,
        ),
    ]
