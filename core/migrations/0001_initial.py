"""The download and import records move from the cameras app to core: state only.

The tables keep their names; their content types move with them, and so do the permissions
that were declared on the camera model but belong here (export_csv, view_history), so every
role keeps what it was granted.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = {"exportrecord": "export_csv", "importrecord": "view_history"}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    camera = ContentType.objects.filter(app_label="cameras", model="camera").first()
    for model, codename in MOVED.items():
        moved = ContentType.objects.filter(app_label="cameras", model=model).first()
        if moved is None:
            moved, _created = ContentType.objects.get_or_create(app_label="core", model=model)
        else:
            moved.app_label = "core"
            moved.save()
        if camera is not None:
            Permission.objects.filter(content_type=camera, codename=codename).update(
                content_type=moved
            )


def restore_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    camera = ContentType.objects.filter(app_label="cameras", model="camera").first()
    for model, codename in MOVED.items():
        moved = ContentType.objects.filter(app_label="core", model=model).first()
        if moved is None:
            continue
        if camera is not None:
            Permission.objects.filter(content_type=moved, codename=codename).update(
                content_type=camera
            )
        moved.app_label = "cameras"
        moved.save()


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cameras", "0007_history_indexes_by_use"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExportRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("started_at", models.DateTimeField(auto_now_add=True, verbose_name="started at")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                        ("path", models.CharField(max_length=300, verbose_name="path")),
                        ("query", models.TextField(blank=True, verbose_name="filters")),
                        ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                        ("row_count", models.PositiveIntegerField(blank=True, help_text="Empty when the download did not finish.", null=True, verbose_name="rows")),
                        ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL, verbose_name="user")),
                    ],
                    options={
                        "verbose_name": "download",
                        "verbose_name_plural": "downloads",
                        "db_table": "cameras_exportrecord",
                        "ordering": ["-started_at", "-pk"],
                        "permissions": [("export_csv", "Can download CSV files")],
                    },
                ),
                migrations.CreateModel(
                    name="ImportRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("imported_at", models.DateTimeField(auto_now_add=True, verbose_name="imported at")),
                        ("file_name", models.CharField(max_length=255, verbose_name="file name")),
                        ("sha256", models.CharField(max_length=64, verbose_name="SHA-256 checksum")),
                        ("row_count", models.PositiveIntegerField(verbose_name="rows")),
                        ("created_count", models.PositiveIntegerField(verbose_name="created")),
                        ("updated_count", models.PositiveIntegerField(verbose_name="updated")),
                        ("user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL, verbose_name="user")),
                    ],
                    options={
                        "verbose_name": "import",
                        "verbose_name_plural": "imports",
                        "db_table": "cameras_importrecord",
                        "ordering": ["-imported_at", "-pk"],
                        "permissions": [("view_history", "Can read the change history")],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
