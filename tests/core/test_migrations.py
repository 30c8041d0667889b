"""Core migration 0001 moves the records' content types and two rights from cameras to core:
every role keeps what it was granted, both ways."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from core.roles import AUDITOR, EDITOR, VIEWER

pytestmark = pytest.mark.django_db
move = importlib.import_module("core.migrations.0001_initial")


def rights(role: str) -> set[str]:
    permissions = Group.objects.get(name=role).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


MOVED = {"export_csv", "view_history", "view_importrecord", "view_exportrecord"}


def test_the_rights_move_back_and_forth_and_every_role_keeps_them():
    assert {f"core.{name}" for name in MOVED} <= rights(AUDITOR)
    assert {f"core.{name}" for name in MOVED} <= rights(EDITOR)
    ids = {role: set(Group.objects.get(name=role).permissions.values_list("id", flat=True))
           for role in (AUDITOR, EDITOR, VIEWER)}  # fmt: skip

    move.restore_content_types(apps, None)
    ContentType.objects.clear_cache()
    assert {f"cameras.{name}" for name in MOVED} <= rights(AUDITOR)
    assert not {f"core.{name}" for name in MOVED} & rights(EDITOR)

    move.move_content_types(apps, None)
    ContentType.objects.clear_cache()
    assert {f"core.{name}" for name in MOVED} <= rights(AUDITOR)
    assert ids == {role: set(Group.objects.get(name=role).permissions.values_list("id", flat=True))
                   for role in ids}  # fmt: skip
    assert not {f"core.{name}" for name in MOVED} & rights(VIEWER)
    assert (
        Permission.objects.filter(content_type__app_label="cameras", codename__in=MOVED).count()
        == 0
    )
