"""Every role sees the replacement scenarios; the clerks (承辦人) write them; administrators
(管理者) hold every right, these too."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATOR = "管理者"
ROLES = ["承辦人", "稽核", "檢視"]
WRITERS = ["承辦人"]


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

    def right(codename):
        return Permission.objects.get(content_type__app_label="leases", codename=codename)

    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(right("view_scenario"))
    for group in Group.objects.filter(name__in=WRITERS):
        group.permissions.add(right("add_scenario"), right("change_scenario"))


class Migration(migrations.Migration):
    dependencies = [("leases", "0006_scenarios"), ("cameras", "0026_column_mappings")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
