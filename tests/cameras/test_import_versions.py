"""An import never undoes a colleague's edit: rows carry the version they were exported at."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from cameras.imports import checks, import_cameras
from cameras.models import Camera
from core.roles import EDITOR

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
TAG = "LEASE-105-001213"


def editor(client, django_user_model, name):
    user = django_user_model.objects.create_user(name, password="x" * 20)
    user.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(user)
    return client


def export(client, **params) -> bytes:
    response = client.get("/cameras/export.csv", {"q": TAG, **params})
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def upload(client, data: bytes):
    file = io.BytesIO(data)
    file.name = "cameras.csv"
    return client.post("/cameras/import/", {"file": file, "encoding": "auto"}, **EN)


def colleague_edits(client, django_user_model, today_is):
    """Editor 2 sets the camera faulty with resolution 5.0, through the edit form."""
    other = editor(client, django_user_model, "colleague")
    camera = Camera.objects.get(asset_tag=TAG)
    today_is(datetime.date(2026, 12, 1))
    other.force_login(django_user_model.objects.get(username="colleague"))
    form = {
        "asset_tag": TAG, "site": camera.site.code, "batch": camera.batch_id,
        "is_lane": "on" if camera.is_lane else "", "has_lpr": "on" if camera.has_lpr else "",
        "resolution_mp": "5.0", "installed_on": camera.installed_on.isoformat(),
        "status": "faulty", "version": camera.version,
    }  # fmt: skip
    response = other.post(f"/cameras/{camera.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_an_older_export_is_refused_and_names_who_changed_the_camera(
    client, django_user_model, today_is
):
    first = editor(client, django_user_model, "editor1")
    old_file = export(first)
    assert old_file.decode("utf-8-sig").splitlines()[0].endswith(",version")
    colleague_edits(Client(), django_user_model, today_is)
    first.force_login(django_user_model.objects.get(username="editor1"))
    response = upload(first, old_file)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"line 2, column version: {TAG} was changed after this file was taken, by colleague on "
        "115/12/01 00:30 (version 2; the file has 1): download it again and redo the edit "
        "there, so that the change is not undone."
    ) in page
    assert 'name="confirm"' not in page
    camera = Camera.objects.get(asset_tag=TAG)
    assert (camera.status, camera.resolution_mp, camera.version) == ("faulty", Decimal("5.0"), 2)


def test_a_fresh_export_goes_through_and_the_preview_shows_each_change(
    client, django_user_model, today_is
):
    colleague_edits(Client(), django_user_model, today_is)
    first = editor(client, django_user_model, "editor1")
    fresh = export(first).decode("utf-8-sig").replace(",faulty,", ",in_service,")
    response = upload(first, fresh.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert '<td class="num" id="count-updated">1</td>' in page
    changes = re.search(r'<table class="data" id="changes".*?</table>', page, re.S).group(0)
    assert re.findall(r"<code>(\w+)</code></td><td>([^<]*)</td><td>([^<]*)</td>", changes) == [
        ("status", "faulty", "in_service"),
    ]


def test_a_file_without_versions_is_taken_and_its_preview_lists_every_field(
    client, django_user_model, today_is
):
    first = editor(client, django_user_model, "editor1")
    old_file = export(first).decode("utf-8-sig")
    colleague_edits(Client(), django_user_model, today_is)
    first.force_login(django_user_model.objects.get(username="editor1"))
    header, row = old_file.splitlines()
    no_version = ",".join(header.split(",")[:-1]) + "\n" + ",".join(row.split(",")[:-1]) + "\n"
    response = upload(first, no_version.encode())
    page = response.content.decode()
    changes = re.search(r'<table class="data" id="changes".*?</table>', page, re.S).group(0)
    assert re.findall(r"<code>(\w+)</code></td><td>([^<]*)</td><td>([^<]*)</td>", changes) == [
        ("status", "faulty", "in_service"), ("resolution_mp", "5.0", "2.0"),
    ]  # fmt: skip
    assert 'name="confirm"' in page  # the user sees what it undoes and decides


def test_a_version_newer_than_the_registers_is_refused():
    camera = Camera.objects.get(asset_tag=TAG)
    header = "asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status,version"
    row = (f"{TAG},{camera.site.code},,{camera.batch.code},{str(camera.is_lane).lower()},"
           f"{str(camera.has_lpr).lower()},{camera.installed_on},,in_service,7")  # fmt: skip
    with translation.override("en"):
        result = import_cameras(f"{header}\n{row}\n".encode(), commit=False)
    assert [str(p) for p in result.problems] == [
        "line 2, column version: version 7 is newer than the register's (1): this row is not "
        "from this register."
    ]


def test_the_preview_lists_the_first_updates_and_counts_the_rest(
    client, django_user_model, monkeypatch
):
    monkeypatch.setattr(checks, "CHANGES_LISTED", 2)  # 500 in use: kept, not all 200,000
    first = editor(client, django_user_model, "editor1")
    rows = list(csv.reader(io.StringIO(export(first, q="LEASE-105-00121").decode("utf-8-sig"))))
    at = rows[0].index("resolution_mp")
    for row in rows[1:]:
        row[at] = "9.9"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    response = upload(first, out.getvalue().encode())
    page = response.content.decode()
    assert '<td class="num" id="count-updated">10</td>' in page
    changes = re.search(r'<table class="data" id="changes".*?</table>', page, re.S).group(0)
    assert re.findall(r'<th scope="row" rowspan="1">([\w-]+)</th>', changes) == [
        "LEASE-105-001210", "LEASE-105-001211",
    ]  # fmt: skip
    assert "… and 8 more cameras to update." in page
