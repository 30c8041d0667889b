"""Periods of state keep no index of their own on camera, site, precinct and batch: the key
(camera, valid_from) and the (precinct|batch|site, valid_from) indexes begin with them."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0015_periods_of_state'),
        ('leases', '0004_budget_lines_order'),
    ]

    operations = [
        migrations.AlterField(
            model_name='camerastate',
            name='batch',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='camera_states', to='leases.batch'),
        ),
        migrations.AlterField(
            model_name='camerastate',
            name='camera',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='states', to='cameras.camera'),
        ),
        migrations.AlterField(
            model_name='camerastate',
            name='precinct',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='camera_states', to='cameras.precinct'),
        ),
        migrations.AlterField(
            model_name='camerastate',
            name='site',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='camera_states', to='cameras.site'),
        ),
    ]
