"""The figures' edition: pages keep their figures until the roll-up, a batch or a precinct next
changes (cameras/editions.py)."""

import secrets

from django.db import migrations, models


def first_edition(apps, schema_editor):
    apps.get_model("cameras", "FigureEdition").objects.create(token=secrets.token_hex(16))


class Migration(migrations.Migration):

    dependencies = [
        ("cameras", "0018_registered_read_from_an_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="FigureEdition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
            options={"verbose_name": "edition of the figures"},
        ),
        migrations.RunPython(first_edition, migrations.RunPython.noop),
    ]
