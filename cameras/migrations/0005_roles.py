"""Create the roles (管理者, 承辦人, 稽核, 檢視) as groups holding their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The roles as they were when this migration was written: a migration must not read live code,
# which moves on (later migrations grant what later versions add).
ADMINISTRATOR = "管理者"
READ = [
    "cameras.view_camera", "cameras.view_site", "cameras.view_precinct", "leases.view_batch",
    "leases.view_budgetline",
]
EDIT = [
    "cameras.add_camera", "cameras.change_camera", "cameras.add_site", "cameras.change_site",
    "leases.add_batch", "leases.change_batch", "leases.add_budgetline",
    "leases.change_budgetline",
]
HISTORY = ["cameras.view_history", "cameras.view_importrecord", "cameras.view_exportrecord"]
ROLES = {
    "承辦人": READ + EDIT + ["cameras.export_csv", "cameras.import_cameras"] + HISTORY,
    "稽核": READ + ["cameras.export_csv"] + HISTORY,
    "檢視": READ,
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.set(Permission.objects.all())
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = [code.split(".") for code in codes]
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[ADMINISTRATOR, *ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cameras", "0004_import_and_export_records"),
        ("leases", "0002_history_versions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
