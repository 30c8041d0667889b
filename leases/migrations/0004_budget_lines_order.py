"""Budget lines are listed by batch code with the contracts (no batch) last, in the order
entered, alike on SQLite and PostgreSQL."""


from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('leases', '0003_drop_redundant_contracted_check'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='budgetline',
            options={'ordering': ['fiscal_year', models.OrderBy(models.F('batch__code'), nulls_last=True), 'pk'], 'verbose_name': 'budget line', 'verbose_name_plural': 'budget lines'},
        ),
    ]
