"""Camera history rows name the change set (import-5, bulk-3) that wrote them; a bulk edit's
action has its labels as choices."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cameras', '0011_administrators_get_the_new_rights'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalcamera',
            name='change_set',
            field=models.CharField(blank=True, db_index=True, max_length=20, null=True, verbose_name='change set'),
        ),
        migrations.AlterField(
            model_name='bulkedit',
            name='action',
            field=models.CharField(choices=[('status', 'Set the status'), ('batch', 'Move to another batch'), ('site', 'Move to another site'), ('retire', 'Retire on a day')], max_length=20, verbose_name='action'),
        ),
    ]
