"""Precincts get a place in lists: the department's order, which an administrator can change.

Taoyuan's eleven precincts, as the department lists them, are given their places here; any
other precinct keeps 0 and comes first by code until someone places it.
"""

from django.db import migrations, models


TAOYUAN = ["TY", "ZL", "PZ", "BD", "DX", "YM", "LZ", "DY", "GS", "LT", "XW"]


def place_taoyuan(apps, schema_editor):
    Precinct = apps.get_model("cameras", "Precinct")
    for position, code in enumerate(TAOYUAN, start=1):
        Precinct.objects.filter(code=code).update(position=position)


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0012_change_sets'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='precinct',
            options={'ordering': ['position', 'code'], 'verbose_name': 'precinct', 'verbose_name_plural': 'precincts'},
        ),
        migrations.AddField(
            model_name='historicalprecinct',
            name='position',
            field=models.PositiveSmallIntegerField(default=0, help_text='Pages and files list precincts by this number, then by code.', verbose_name='place in lists'),
        ),
        migrations.AddField(
            model_name='precinct',
            name='position',
            field=models.PositiveSmallIntegerField(default=0, help_text='Pages and files list precincts by this number, then by code.', verbose_name='place in lists'),
        ),
        migrations.RunPython(place_taoyuan, migrations.RunPython.noop),
    ]
