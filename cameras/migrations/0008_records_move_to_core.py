"""The download and import records now belong to core (core migration 0001): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cameras", "0007_history_indexes_by_use"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ExportRecord"),
                migrations.DeleteModel(name="ImportRecord"),
            ],
        ),
        migrations.AlterModelOptions(
            name="camera",
            options={
                "ordering": ["asset_tag"],
                "permissions": [("import_cameras", "Can import cameras from a CSV file")],
                "verbose_name": "camera",
                "verbose_name_plural": "cameras",
            },
        ),
    ]
