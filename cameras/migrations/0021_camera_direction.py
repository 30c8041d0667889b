"""A camera's direction (攝影方向): one of the 16 compass points, or empty when not known.

SQLite adds a column with a default by rebuilding the table, which drops the history's partial
change-set index (0014 made it by hand, outside the model state): it is made again here.
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
        ('cameras', '0020_room_to_update_in_place'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, index_again),  # back: once removed
        migrations.AddField(
            model_name='camera',
            name='direction',
            field=models.CharField(blank=True, choices=[('N', 'north'), ('NNE', 'north-northeast'), ('NE', 'northeast'), ('ENE', 'east-northeast'), ('E', 'east'), ('ESE', 'east-southeast'), ('SE', 'southeast'), ('SSE', 'south-southeast'), ('S', 'south'), ('SSW', 'south-southwest'), ('SW', 'southwest'), ('WSW', 'west-southwest'), ('W', 'west'), ('WNW', 'west-northwest'), ('NW', 'northwest'), ('NNW', 'north-northwest')], db_default='', default='', help_text='The compass point the camera faces (攝影方向); empty when not known.', max_length=3, verbose_name='direction'),
        ),
        migrations.AddField(
            model_name='historicalcamera',
            name='direction',
            field=models.CharField(blank=True, choices=[('N', 'north'), ('NNE', 'north-northeast'), ('NE', 'northeast'), ('ENE', 'east-northeast'), ('E', 'east'), ('ESE', 'east-southeast'), ('SE', 'southeast'), ('SSE', 'south-southeast'), ('S', 'south'), ('SSW', 'south-southwest'), ('SW', 'southwest'), ('WSW', 'west-southwest'), ('W', 'west'), ('WNW', 'west-northwest'), ('NW', 'northwest'), ('NNW', 'north-northwest')], db_default='', default='', help_text='The compass point the camera faces (攝影方向); empty when not known.', max_length=3, verbose_name='direction'),
        ),
        migrations.RunPython(index_again, migrations.RunPython.noop),
    ]
