"""Administrators (管理者) hold every right, the new ones too: the bulk edits' records and
sharing a saved view with everyone (core 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATOR = "管理者"


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.filter(name=ADMINISTRATOR).first()
    if administrator is not None:
        administrator.permissions.set(Permission.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("cameras", "0010_bulk_edit"),
        ("core", "0002_saved_views"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
