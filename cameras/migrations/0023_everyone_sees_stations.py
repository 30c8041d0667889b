"""Every role sees police stations, as it sees precincts; administrators (管理者) hold every
right, the stations' too (they add and rename stations in the admin, as precincts)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATOR = "管理者"
ROLES = ["承辦人", "稽核", "檢視"]


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
    view = Permission.objects.get(content_type__app_label="cameras", codename="view_station")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [("cameras", "0022_stations")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
