"""contracted_count is a positive integer column, whose own CHECK already refuses a negative
count: the named constraint could never be the one that refused a row."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("leases", "0002_history_versions")]

    operations = [
        migrations.RemoveConstraint(model_name="batch", name="batch_contracted_count_not_negative"),
    ]
