"""The coverage report counts the cameras ever registered from the roll-up's latest states: an index
holds them, with their counts."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0017_coverage_changes'),
        ('leases', '0004_budget_lines_order'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='coveragerollup',
            index=models.Index(condition=models.Q(('is_current', True)), fields=['precinct', 'batch'], include=('camera_count',), name='coverage_rollup_current_idx'),
        ),
    ]
