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
from cameras.imports import views as import_views
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
        **{name: "on" for name in ("has_vehicle_attributes", "has_trajectory", "has_target_alert")
           if getattr(camera, name)},
    }  # fmt: skip
    response = other.post(f"/cameras/{camera.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_an_older_export_is_refused_and_names_who_changed_the_camera(
    client, django_user_model, today_is
):
    first = editor(client, django_user_model, "editor1")
    old_file = export(first)
    assert ",version," in old_file.decode("utf-8-sig").splitlines()[0]
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
    cells = [line.split(",") for line in (header, row)]
    at = cells[0].index("version")
    no_version = "".join(",".join(line[:at] + line[at + 1 :]) + "\n" for line in cells)
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


def test_the_preview_lists_its_cameras_a_page_at_a_time(client, django_user_model, monkeypatch):
    monkeypatch.setattr(checks, "LISTED", 4)  # 100 in use: a page kept, not all 200,000
    monkeypatch.setattr(import_views, "LISTED", 4)
    first = editor(client, django_user_model, "editor1")
    rows = list(csv.reader(io.StringIO(export(first, q="LEASE-105-00121").decode("utf-8-sig"))))
    at = rows[0].index("resolution_mp")
    for row in rows[1:]:
        row[at] = "9.9"
    rows[5][0] = "NEW-0005"  # line 6 creates a camera
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    response = upload(first, out.getvalue().encode())
    page = response.content.decode()
    assert '<td class="num" id="count-updated">9</td>' in page
    assert '<td class="num" id="count-created">1</td>' in page

    def listed(page):
        changes = re.search(r'<table class="data" id="changes".*?</table>', page, re.S).group(0)
        return re.findall(
            r'<th scope="row" rowspan="\d+">([\w-]+)</th><td rowspan="\d+">(\w+ \w+)', changes
        )

    with translation.override("en"):
        page = first.get("/cameras/import/?page=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listed(page) == [(f"LEASE-105-00121{n}", "To update") for n in range(4)]
    assert "Cameras 1–4 of 10 to create or update, in the order of the file." in page
    assert '<a href="?page=2" rel="next">' in page and 'rel="prev"' not in page
    page = first.get("/cameras/import/?page=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listed(page) == [("NEW-0005", "To create"), *[
        (f"LEASE-105-00121{n}", "To update") for n in (5, 6, 7)]]  # fmt: skip
    new = re.search(r"NEW-0005</th>.*?</tr>(.*?)LEASE-105-001215", page, re.S).group(0)
    given = ["site", "batch", "is_lane", "has_lpr", "installed_on", "status",
             "has_vehicle_attributes", "has_trajectory", "has_target_alert", "resolution_mp",
             "data_source"]  # fmt: skip
    assert re.findall(r"<code>(\w+)</code></td><td>—</td><td>([^<]*)<", new) == [
        (name, rows[5][rows[0].index(name)]) for name in given
    ]  # every field it is given, as the file writes it
    assert rows[5][rows[0].index("resolution_mp")] == "9.9"
    page = first.get("/cameras/import/?page=3", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cameras 9–10 of 10" in page and 'rel="next"' not in page
    assert '<a href="?page=2" rel="prev">' in page and 'name="confirm"' in page
    for bad in ("4", "0", "x", "²", "1" * 12):
        response = first.get(f"/cameras/import/?page={bad}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert f"page: “{bad}” is not a page of this preview." in response.content.decode()
    assert first.get("/cameras/import/?page=1").status_code == 200  # nothing was lost
    import_cameras(out.getvalue().encode())  # a colleague imports the same file meanwhile
    page = first.get("/cameras/import/?page=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # its rows are now older than the register's cameras, the new one is there: nothing to do
    assert '<td class="num" id="count-rejected">9</td>' in page
    assert '<td class="num" id="count-unchanged">1</td>' in page
    assert 'name="confirm"' not in page  # no button to press for an import that cannot be


def test_a_preview_page_offers_nothing_once_the_file_has_nothing_left_to_do(
    client, django_user_model
):
    first = editor(client, django_user_model, "editor1")
    camera = Camera.objects.get(asset_tag=TAG)
    data = ("asset_tag,site,precinct,batch,is_lane,has_lpr,installed_on,retired_on,status\n"
            f"NEW-0009,{camera.site.code},,{camera.batch.code},true,true,2021-07-31,,"
            "in_service\n").encode()  # fmt: skip
    assert 'name="confirm"' in upload(first, data).content.decode()
    assert import_cameras(data).written  # a colleague imports the same file meanwhile
    page = first.get("/cameras/import/?page=1", **EN).content.decode()
    assert '<td class="num" id="count-unchanged">1</td>' in page
    assert 'name="confirm"' not in page
    assert "The register already holds every row of this file: nothing to import." in page


def test_the_last_page_of_a_full_preview_offers_no_next(client, django_user_model, monkeypatch):
    monkeypatch.setattr(checks, "LISTED", 5)
    monkeypatch.setattr(import_views, "LISTED", 5)  # 10 cameras: two full pages, no third
    first = editor(client, django_user_model, "editor1")
    rows = list(csv.reader(io.StringIO(export(first, q="LEASE-105-00121").decode("utf-8-sig"))))
    at = rows[0].index("resolution_mp")
    for row in rows[1:]:
        row[at] = "9.9"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    upload(first, out.getvalue().encode())
    page = first.get("/cameras/import/?page=1", **EN).content.decode()
    assert '<a href="?page=2" rel="next">' in page
    page = first.get("/cameras/import/?page=2", **EN).content.decode()
    assert "Cameras 6–10 of 10" in page and 'rel="next"' not in page
